// The other side of tests/interop/mlkem_npm_test.cc: ML-KEM-768 from the
// mlkem npm package, an implementation independent of parley's.
//   encap FILE       FILE has one encapsulation key (hex) per line; prints
//                    "ciphertext shared_secret" per key
//   keygen N         prints "ek dk" for N fresh key pairs
//   decap FILE       FILE has "dk ciphertext" per line; prints the secret
import { readFileSync } from "node:fs";
import { MlKem768 } from "mlkem";

const kem = new MlKem768();
const hex = (bytes) => Buffer.from(bytes).toString("hex");
const bytes = (text) => new Uint8Array(Buffer.from(text, "hex"));
const lines = (file) => readFileSync(file, "utf8").split("\n").filter((l) => l.length > 0);

const [mode, arg] = process.argv.slice(2);
const out = [];
if (mode === "encap") {
  for (const ek of lines(arg)) {
    const [ct, ss] = await kem.encap(bytes(ek));
    out.push(`${hex(ct)} ${hex(ss)}`);
  }
} else if (mode === "keygen") {
  for (let i = 0; i < Number(arg); i++) {
    const [ek, dk] = await kem.generateKeyPair();
    out.push(`${hex(ek)} ${hex(dk)}`);
  }
} else if (mode === "decap") {
  for (const line of lines(arg)) {
    const [dk, ct] = line.split(" ");
    out.push(hex(await kem.decap(bytes(ct), bytes(dk))));
  }
} else {
  console.error("usage: cross_check.mjs encap FILE | keygen N | decap FILE");
  process.exit(2);
}
process.stdout.write(out.join("\n") + "\n");
