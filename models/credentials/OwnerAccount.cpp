#include "models/credentials/OwnerAccount.h"

#include "models/core/FieldProblems.h"

#include "models/store/CheckedQuery.h"
#include <QSqlError>
#include <QSqlQuery>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

namespace watchpost {
namespace {
constexpr quint64 kN = 1 << 15; // 32 MiB with r = 8: about 0.1 s here, the cost an offline guess pays each time
constexpr quint64 kR = 8;
constexpr quint64 kP = 1;

QByteArray scrypt(const QString& passphrase, const QByteArray& salt, quint64 n, quint64 r, quint64 p)
{
    const QByteArray pass = passphrase.toUtf8();
    QByteArray key(32, Qt::Uninitialized);
    if (EVP_PBE_scrypt(pass.constData(), size_t(pass.size()), reinterpret_cast<const unsigned char*>(salt.constData()),
                       size_t(salt.size()), n, r, p, 128 * n * r * p + (1 << 20),
                       reinterpret_cast<unsigned char*>(key.data()), size_t(key.size())) != 1)
        return {};
    return key;
}

QString sha256Hex(const QByteArray& data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.constData(), size_t(data.size()), digest, &length, EVP_sha256(), nullptr);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex());
}
} // namespace

OwnerAccount::OwnerAccount(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                           std::shared_ptr<AuditLog> audit)
    : m_store(std::move(store)), m_clock(std::move(clock)), m_audit(std::move(audit))
{
}

Result<std::optional<QString>> OwnerAccount::ownerName() const
{
    CheckedQuery q(m_store->connection(), QStringLiteral("SELECT name FROM owner_account WHERE id = 1"),
                   QStringLiteral("read the owner account"));
    return q.first([](const QSqlQuery& r) { return r.value(0).toString(); });
}

Result<Done> OwnerAccount::setUp(const QString& name, const QString& passphrase, const QString& confirmation)
{
    FieldProblems problems;
    const auto existing = ownerName();
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return Error::wrongState(QStringLiteral("this store already has an owner; unlock with their passphrase"));
    if (name.trimmed().isEmpty() || name.size() > 100) {
        problems.add(QStringLiteral("name"), QStringLiteral("the owner needs a name of 1 to 100 characters"));
    }
    if (passphrase.size() < kMinimumPassphrase) {
        problems.add(QStringLiteral("passphrase"),
                     QStringLiteral("the passphrase needs at least %1 characters").arg(kMinimumPassphrase));
    } else if (passphrase != confirmation) {
        problems.add(QStringLiteral("confirmation"), QStringLiteral("the two passphrases differ"));
    }
    if (problems.any())
        return problems.error();
    QByteArray salt(16, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), int(salt.size())) != 1)
        return Error::storage(QStringLiteral("the system random generator failed"));
    const QByteArray hash = scrypt(passphrase, salt, kN, kR, kP);
    if (hash.isEmpty())
        return Error::storage(QStringLiteral("OpenSSL scrypt failed"));
    QSqlQuery q(m_store->connection());
    q.prepare(
        QStringLiteral("INSERT INTO owner_account (id, name, scrypt_salt, scrypt_hash, scrypt_n, scrypt_r, scrypt_p, "
                       "created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(name.trimmed());
    q.addBindValue(salt);
    q.addBindValue(hash);
    q.addBindValue(qint64(kN));
    q.addBindValue(qint64(kR));
    q.addBindValue(qint64(kP));
    q.addBindValue(m_clock->nowMs());
    if (!q.exec())
        return Error::storage(QStringLiteral("could not store the owner: %1").arg(q.lastError().text()));
    m_audit->append(name.trimmed(), AuditAction::OwnerCreated, {QStringLiteral("owner")}, QStringLiteral("succeeded"));
    return Done{};
}

Result<Done> OwnerAccount::unlock(const QString& passphrase)
{
    QSqlQuery q(m_store->connection());
    if (!q.exec(QStringLiteral("SELECT name, scrypt_salt, scrypt_hash, scrypt_n, scrypt_r, scrypt_p FROM owner_account "
                               "WHERE id = 1")))
        return storageFailure(q, QStringLiteral("read the owner account"));
    if (!q.next())
        return Error::wrongState(QStringLiteral("no owner is set up yet"));
    const QString name = q.value(0).toString();
    const QByteArray expected = q.value(2).toByteArray();
    const QByteArray got = scrypt(passphrase, q.value(1).toByteArray(), quint64(q.value(3).toLongLong()),
                                  quint64(q.value(4).toLongLong()), quint64(q.value(5).toLongLong()));
    q.finish(); // no read may stay open while the audit record is written
    if (got.size() != expected.size() ||
        CRYPTO_memcmp(got.constData(), expected.constData(), size_t(got.size())) != 0) {
        m_audit->append(name, AuditAction::OwnerUnlock, {QStringLiteral("owner")}, QStringLiteral("failed"),
                        QStringLiteral("wrong passphrase"));
        return Error{Error::Kind::Forbidden,
                     QStringLiteral("wrong_passphrase"),
                     QStringLiteral("the passphrase is wrong"),
                     {QStringLiteral("passphrase")},
                     {QStringLiteral("the passphrase is wrong")}};
    }
    m_audit->append(name, AuditAction::OwnerUnlock, {QStringLiteral("owner")}, QStringLiteral("succeeded"));
    return Done{};
}

Result<Done> OwnerAccount::remember(SecretStore& secrets)
{
    QByteArray token(32, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(token.data()), int(token.size())) != 1)
        return Error::storage(QStringLiteral("the system random generator failed"));
    if (auto written = secrets.write(QString::fromLatin1(kRememberKey), token.toHex()); !written)
        return written;
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("UPDATE owner_account SET remember_hash = ? WHERE id = 1"));
    q.addBindValue(sha256Hex(token.toHex()));
    if (!q.exec())
        return Error::storage(QStringLiteral("could not remember the sign-in: %1").arg(q.lastError().text()));
    return Done{};
}

bool OwnerAccount::remembered(SecretStore& secrets) const
{
    QSqlQuery q(m_store->connection());
    // Fails closed: a sign-in the store cannot confirm is not remembered, and the passphrase is asked for.
    if (!q.exec(QStringLiteral("SELECT remember_hash FROM owner_account WHERE id = 1")) || !q.next() ||
        q.value(0).isNull())
        return false;
    const auto stored = secrets.read(QString::fromLatin1(kRememberKey));
    if (!stored || !stored.value())
        return false;
    const QByteArray a = sha256Hex(*stored.value()).toLatin1();
    const QByteArray b = q.value(0).toString().toLatin1();
    return a.size() == b.size() && CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

Result<Done> OwnerAccount::forget(SecretStore* secrets)
{
    QSqlQuery q(m_store->connection());
    if (!q.exec(QStringLiteral("UPDATE owner_account SET remember_hash = NULL WHERE id = 1")))
        return Error::storage(QStringLiteral("could not forget the sign-in: %1").arg(q.lastError().text()));
    if (secrets)
        secrets->remove(QString::fromLatin1(kRememberKey));
    return Done{};
}

bool OwnerAccount::mustReauthenticate(const QDateTime& unlockedAt) const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT 1 FROM reauthentications WHERE required_at > ? LIMIT 1"),
                   QStringLiteral("read the forced re-authentications"));
    q.add(unlockedAt.toMSecsSinceEpoch());
    const auto required = q.first([](const QSqlQuery&) { return true; });
    return !required || required->has_value(); // fails closed: when the store cannot say, unlock again
}

} // namespace watchpost
