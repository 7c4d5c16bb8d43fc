// TLS 1.3 key shares (RFC 8446 4.2.8) in every group: the (EC)DH groups,
// where both sides send a public value and agree on a secret, and the hybrid
// ML-KEM groups (draft-ietf-tls-ecdhe-mlkem), where the client sends an
// encapsulation key with its ECDH share and the server answers with a
// ciphertext, so the server's half is an encapsulation rather than a key pair.
#pragma once

#include <memory>

#include "common/bytes.h"
#include "crypto/key_exchange.h"
#include "crypto/provider.h"
#include "crypto/secret.h"
#include "parley/error.h"

namespace parley::crypto {

// The client's half: public_key() is the share it sends; agree() takes the
// server's share. For a hybrid group the share is the ML-KEM-768
// encapsulation key and the ECDH share in the group's order, and agree()
// decapsulates and agrees.
Result<std::unique_ptr<KeyExchange>> make_client_key_share(const Provider& provider,
                                                           KeyExchangeGroup group);

// The server's half, answering the client's share: the share it sends back
// and the shared secret. Any malformed client share is illegal_parameter.
struct ServerKeyShare {
  Bytes share;
  Secret shared_secret;
};
Result<ServerKeyShare> answer_key_share(const Provider& provider, KeyExchangeGroup group,
                                        ByteView client_share);

}  // namespace parley::crypto
