// Fixed credentials for the connection fuzz targets and their seed maker: a
// P-256 CA valid until 2126 and two "localhost" leaves it issued (ECDSA P-256,
// and RSA-2048 with keyEncipherment for the TLS 1.2 RSA key exchange). Made
// once with the openssl command; they protect nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "handshake/cipher_suites.h"
#include "parley/certificate.h"
#include "parley/config.h"
#include "parley/session.h"

namespace parley::fuzz {

inline constexpr char kCaPem[] = R"PEM(
-----BEGIN CERTIFICATE-----
MIIBmjCCAT+gAwIBAgIUbbtr9Ld3AwrYeNHfVsXKpPpy/DMwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOcGFybGV5IGZ1enogQ0EwIBcNMjYxMTI2MjI1OTQ0WhgPMjEy
NjExMDIyMjU5NDRaMBkxFzAVBgNVBAMMDnBhcmxleSBmdXp6IENBMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEynndxHh9N9HSE/03sBGf++PoGoJLiK5u/a12T7sJ
pri0wUkdsWkk5e1NR4Wa+nEWb8WWHTHReIPuMMWN3sV2KaNjMGEwHQYDVR0OBBYE
FMNtHtVKTrXkXlH/FWiPGpZnZYNhMB8GA1UdIwQYMBaAFMNtHtVKTrXkXlH/FWiP
GpZnZYNhMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMAoGCCqGSM49
BAMCA0kAMEYCIQCInk47iHUIsSR6eqU+CSjWD+ON35fHMfcxDnGIQqJtlAIhAK6l
g6JRFvbVmn0H9SYj4NeYtOciinJ24Bj1RQh6Wyx6
-----END CERTIFICATE-----
)PEM";

inline constexpr char kEcdsaLeafPem[] = R"PEM(
-----BEGIN CERTIFICATE-----
MIIByDCCAW6gAwIBAgIUBsY75W/oOaMkEvGbPPsej4wT6VYwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOcGFybGV5IGZ1enogQ0EwIBcNMjYxMTI2MjI1OTQ0WhgPMjEy
NjExMDIyMjU5NDRaMBQxEjAQBgNVBAMMCWxvY2FsaG9zdDBZMBMGByqGSM49AgEG
CCqGSM49AwEHA0IABC/dNZ81t+IroYa8cKTCKrAb2p8NxkM+2XX0G8ZXBufZWb36
soHGGr+yuzhAHS58doeIYdb8Ta7I9/wf9I738+OjgZYwgZMwHQYDVR0OBBYEFJBx
nb/wHF6A3p92tIlxgMNyv9z7MB8GA1UdIwQYMBaAFMNtHtVKTrXkXlH/FWiPGpZn
ZYNhMAwGA1UdEwEB/wQCMAAwFAYDVR0RBA0wC4IJbG9jYWxob3N0MB0GA1UdJQQW
MBQGCCsGAQUFBwMBBggrBgEFBQcDAjAOBgNVHQ8BAf8EBAMCB4AwCgYIKoZIzj0E
AwIDSAAwRQIgaBmCTlM2haFYfnjVinjR4/Cg4Zbbwr25UfjL9UOfvsACIQCDXw1R
uOdd3LDXx6UhzsN+OEsUfBliKZQkYHCsoAMCjw==
-----END CERTIFICATE-----
)PEM";

inline constexpr char kEcdsaKeyPem[] = R"PEM(
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgE8PUkn18PHOMMHMF
1d3PerbjdXPpVfLxgNbLtOkgvbKhRANCAAQv3TWfNbfiK6GGvHCkwiqwG9qfDcZD
Ptl19BvGVwbn2Vm9+rKBxhq/srs4QB0ufHaHiGHW/E2uyPf8H/SO9/Pj
-----END PRIVATE KEY-----
)PEM";

inline constexpr char kRsaLeafPem[] = R"PEM(
-----BEGIN CERTIFICATE-----
MIICkjCCAjmgAwIBAgIUabfPkGN/ZpYlzWtaLqVStvww/p4wCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOcGFybGV5IGZ1enogQ0EwIBcNMjYxMTI2MjI1OTQ0WhgPMjEy
NjExMDIyMjU5NDRaMBQxEjAQBgNVBAMMCWxvY2FsaG9zdDCCASIwDQYJKoZIhvcN
AQEBBQADggEPADCCAQoCggEBANX1U6Wx4m95T0LHIdM+kfpJKxBLJVDn206gr/jf
6Y9HyabZcXBknYIjFjSHCKqLnzfzA7NAKwqTl4/RbtX+yAlIZGJArq6pw+SOS8Ob
6GYIEErGFEaMiBmlVQWabdOLp7dll6UghobRy0F2oLud/fgrl1oBJkBGFM/xYFZy
e7RKGFhUzC6r5SQ7HvTn7fHfLCCnn5Yv9kjrFHoTUiE84uBMCiAoRG8H645ibSvV
nRIDdeaOoiXJjtKNyalH0EI+4EAKEXW9RWKO6nBmotvH1g3DbOUjon3TEyE+5T5l
jwzF9B+xB7WTf2bEtfwqU/eOlDBC86a3quQkDnuI38g89RUCAwEAAaOBljCBkzAd
BgNVHQ4EFgQUgkNnBJKpwPZizCZZcMJXbg+HMZ8wHwYDVR0jBBgwFoAUw20e1UpO
teReUf8VaI8almdlg2EwDAYDVR0TAQH/BAIwADAUBgNVHREEDTALgglsb2NhbGhv
c3QwHQYDVR0lBBYwFAYIKwYBBQUHAwEGCCsGAQUFBwMCMA4GA1UdDwEB/wQEAwIF
oDAKBggqhkjOPQQDAgNHADBEAiBf32c5guM+RDZ1OnNsqTCtdVFB8NGREJ5zcDBH
LsxhaQIgfRbXk9hwoyLwIYBFir2EnDp7mnCBPE5+vybDOoxZ9AU=
-----END CERTIFICATE-----
)PEM";

inline constexpr char kRsaKeyPem[] = R"PEM(
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDV9VOlseJveU9C
xyHTPpH6SSsQSyVQ59tOoK/43+mPR8mm2XFwZJ2CIxY0hwiqi5838wOzQCsKk5eP
0W7V/sgJSGRiQK6uqcPkjkvDm+hmCBBKxhRGjIgZpVUFmm3Ti6e3ZZelIIaG0ctB
dqC7nf34K5daASZARhTP8WBWcnu0ShhYVMwuq+UkOx705+3x3ywgp5+WL/ZI6xR6
E1IhPOLgTAogKERvB+uOYm0r1Z0SA3XmjqIlyY7SjcmpR9BCPuBAChF1vUVijupw
ZqLbx9YNw2zlI6J90xMhPuU+ZY8MxfQfsQe1k39mxLX8KlP3jpQwQvOmt6rkJA57
iN/IPPUVAgMBAAECggEAZ3LJcdjTOcC2oPv1D9U18YTFDIi4zyh7ccXhr3xbygoU
ptaFsakEOvLJ/rW3a/Y8EmouRNHmvaNk6YWCiHc6srpMxvCtRQgSDgT6/uX39LU7
Y1voW8AA4h19QUtMhLcGbXbyXkWepbr0An/f8TbPn9k7wanCm9sGnw/+221ZAG7b
xdKo7sdpcjfwlMwpYQvtzHpyARch19qAzloMW1qcWSMCl4JFtxmh6+KyqLq4pfD/
UNyBSSu7kQ7x0jRYu/uTIO9PK6Jg5JJX6SrXJl3OtNcg3al+MUeP8gMP4OKeQk52
yj/ioWsdIrUh/kT5lPEcxl2WFyaxtrKshlaGXW4rVQKBgQD+L/wV3KK3v3mR1bl7
ohkDqhCKtPzF050cN0SG723HyC/qjogQSQnjaMhJKe6RuRcyvpqWhRA9rMHJ95/d
Iox6KC0pW47pL1Vo24JUSkdQltaVleKnbcZg5f8LPqmKhAd4VpmagkunXRlXvm+q
xnRi5BJjMxopCHC5jw+p5ij4BwKBgQDXe+eE22zIIlPEXDZjBC8pkRhwYN0TVV2K
cajCki0E0HRAYbO+u6Micq/owrBtVRzKexiRymtpv/0tQioH0dIXh1eBRd42RP0O
Fn1L+z2aKnVjEf7rcqG+igtIQPoD1Pa8q6NU/Croj5GnryzPhPT7neHB/os7zUSr
6yXrDChLAwKBgQChk2j/kJeSi9FARYY5M6oI7ULEmRWQvtpAxFT4HRxAgV0MEXwm
NfdmKgYek9wFn41CgWyMv5q6SaWJt7FUBREc2YsTnhKy4Za+J8Kpx+mbLbbLsVI5
MYuHrsu3nyZwWUrSUOIlGCv1ADYK04/yE2KKNgYGLsazTJ0zJuBDFH34YwKBgHPn
hqF0sS95H1uISgy6bG/MRrvzrhY/HYBhIGf/3k0vnsgehWM7ZEUcMTheuC0m0cSr
r4yDt4D7LsAQTbFFD99uAghbv2mrc/4G5MBg1EK/QcLXJCoaz5tAf08O/CvhehID
tGf6901+I9dxJwY8OtW4l30UYGn7QEvEwPGL6YRnAoGAWQv4HXm2tP/n8Ef7iWF7
Dq8otGUKRP1W65FpvnPm/8yJnQAUIgyo127Q+v6kQVeina12rlKHTMHc8nOj57GU
1CBg34Toq8qk4GDpIzBq/6K6iaBOk6TWFVfLwyoSX+ffrHvAlbkcUOqpA9rACpBI
aEGhXAXn0CL6ZrRKxSv+T3s=
-----END PRIVATE KEY-----
)PEM";

// Inside every certificate's validity (2030-01-01), so that runs are
// repeatable whatever the date.
inline constexpr int64_t kFixedTime = 1893456000;

// Every suite parley implements, including the opt-in TLS 1.2 ones, so that
// the fuzzer reaches every key exchange.
inline std::vector<CipherSuite> all_cipher_suites() {
  std::vector<CipherSuite> suites;
  for (const auto& info : handshake::all_cipher_suites()) suites.push_back(info.suite);
  return suites;
}

// Credentials are fixed and valid: a failure here is a broken build.
template <typename T>
T must(Result<T> result) {
  if (!result.ok()) __builtin_trap();
  return std::move(*result);
}

inline std::shared_ptr<const ServerConfig> fuzz_server_config() {
  auto config = std::make_shared<ServerConfig>();
  config->cipher_suites = all_cipher_suites();
  config->certificates = {must(CertifiedKey::from_pem(kEcdsaLeafPem, kEcdsaKeyPem)),
                          must(CertifiedKey::from_pem(kRsaLeafPem, kRsaKeyPem))};
  config->client_auth = ClientAuth::kOptional;
  config->client_trust_anchors = must(TrustAnchors::from_pem(kCaPem));
  config->alpn_protocols = {"h2", "http/1.1"};
  config->clock = [] { return kFixedTime; };
  return config;
}

inline std::shared_ptr<const ClientConfig> fuzz_client_config() {
  auto config = std::make_shared<ClientConfig>();
  config->cipher_suites = all_cipher_suites();
  config->trust_anchors = must(TrustAnchors::from_pem(kCaPem));
  config->certificate = must(CertifiedKey::from_pem(kEcdsaLeafPem, kEcdsaKeyPem));
  config->alpn_protocols = {"h2", "http/1.1"};
  config->clock = [] { return kFixedTime; };
  return config;
}

// Resumption: one fixed ticket key, so that tickets recorded in seeds open
// on every run; early data on; and a replay defence that always admits, so
// that a run does not depend on the ones before it.
class AdmitEveryClientHello final : public AntiReplay {
 public:
  bool first_use(std::span<const uint8_t>, int64_t) override { return true; }
  uint32_t window_seconds() const override { return 10; }
};

inline std::shared_ptr<TicketKeys> fuzz_ticket_keys() {
  TicketKey key;
  key.name.fill(0x11);
  key.secret.fill(0x22);
  return std::make_shared<TicketKeys>(std::vector{key});
}

inline std::shared_ptr<const ServerConfig> fuzz_resumption_server_config() {
  auto config = std::make_shared<ServerConfig>(*fuzz_server_config());
  config->ticketer = make_ticketer(fuzz_ticket_keys());
  config->early_data = true;
  config->allow_psk_ke = true;
  config->anti_replay = std::make_shared<AdmitEveryClientHello>();
  return config;
}

}  // namespace parley::fuzz
