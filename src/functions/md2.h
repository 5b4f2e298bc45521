// MD2 (RFC 1319): AWS IoT SQL offers md2(), which OpenSSL 3 no longer ships in its default
// provider. Cryptographically broken; provided only for compatibility.
#ifndef IOTSQL_FUNCTIONS_MD2_H_
#define IOTSQL_FUNCTIONS_MD2_H_

#include <cstdint>
#include <string_view>

namespace iotsql {

constexpr int kMd2DigestBytes = 16;

// Writes the 16-byte digest of `data` to `out`.
void Md2Digest(std::string_view data, uint8_t out[kMd2DigestBytes]);

}  // namespace iotsql

#endif  // IOTSQL_FUNCTIONS_MD2_H_
