// One-line, human-readable summaries of decoded messages for `parley
// --trace` and logs, e.g.
//   ClientHello versions=[TLS 1.3, TLS 1.2] suites=[TLS_AES_128_GCM_SHA256]
//     groups=[x25519] key_shares=[x25519] sig_schemes=[...] alpn=[h2] sni=example.com
// (on one line). Peer-controlled strings are escaped; no secret is printed
// (binders, tickets, keys and signatures appear as lengths only).
#pragma once

#include <string>

#include "codec/extensions.h"
#include "codec/hello.h"
#include "codec/messages.h"

namespace parley::codec {

std::string describe(const ClientHello& m);
std::string describe(const ServerHello& m);  // also HelloRetryRequest
std::string describe(const EncryptedExtensions& m);
std::string describe(const Certificate13& m);
std::string describe(const CertificateRequest13& m);
std::string describe(const CompressedCertificate& m);
std::string describe(const NewSessionTicket13& m);
std::string describe(const KeyUpdate& m);
std::string describe(const EndOfEarlyData& m);
std::string describe(const CertificateVerify& m);
std::string describe(const Finished& m);
std::string describe(const HelloRequest& m);
std::string describe(const Certificate12& m);
std::string describe(const CertificateRequest12& m);
std::string describe(const ServerKeyExchangeEcdhe& m);
std::string describe(const ServerKeyExchangeDhe& m);
std::string describe(const ServerHelloDone& m);
std::string describe(const ClientKeyExchangeRsa& m);
std::string describe(const ClientKeyExchangeEcdhe& m);
std::string describe(const ClientKeyExchangeDhe& m);
std::string describe(const NewSessionTicket12& m);
std::string describe(const CertificateStatus& m);
std::string describe(const Alert& m);
std::string describe(const ChangeCipherSpec& m);

// Printable form of a peer-supplied string: printable ASCII as is, other
// bytes as \xNN.
std::string escape_for_trace(std::string_view text);

}  // namespace parley::codec
