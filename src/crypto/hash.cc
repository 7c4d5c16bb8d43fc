#include "crypto/hash.h"

#include "crypto/provider.h"

namespace parley::crypto {

Bytes Hash::peek() const {
  Bytes out(size());
  clone()->finish(out);
  return out;
}

Bytes hash(const Provider& provider, HashAlgorithm alg, ByteView data) {
  auto h = provider.make_hash(alg);
  h->update(data);
  Bytes out(h->size());
  h->finish(out);
  return out;
}

}  // namespace parley::crypto
