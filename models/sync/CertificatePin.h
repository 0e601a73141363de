#pragma once
// CertificatePin: how a server certificate's fingerprint is written — the SHA-256 of the DER certificate in hex,
// colons, spaces and case ignored (as `openssl x509 -noout -fingerprint -sha256` prints it).

#include <QString>

namespace watchpost::pin {

// 64 lower-case hex digits, or empty when `text` is not a SHA-256 fingerprint.
QString normalize(const QString& text);

} // namespace watchpost::pin
