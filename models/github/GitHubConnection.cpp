#include "models/github/GitHubConnection.h"

#include "models/core/FieldProblems.h"
#include "models/store/CheckedQuery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace watchpost {

const QString GitHubConnectionService::kDefaultBaseUrl = QStringLiteral("https://api.github.com");
const QString GitHubConnectionService::kTokenKey = QStringLiteral("github-connection-token");

QString GitHubConnectionSettings::webUrl(const QString& path) const
{
    QUrl url(apiBaseUrl);
    if (url.host() == QLatin1String("api.github.com"))
        url.setHost(QStringLiteral("github.com"));
    QString base = url.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    if (base.endsWith(QLatin1String("/api/v3")))
        base.chop(7);
    return base + path;
}

GitHubConnectionService::GitHubConnectionService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                                                 SecretStore* secrets, std::shared_ptr<AuditLog> audit)
    : m_store(std::move(store)), m_clock(std::move(clock)), m_secrets(secrets), m_audit(std::move(audit))
{
}

std::optional<QString> GitHubConnectionService::baseUrlProblem(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString host = url.host();
    const bool loopback =
        host == QLatin1String("localhost") || host == QLatin1String("::1") || host.startsWith(QLatin1String("127."));
    if (!url.isValid() || url.host().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
        return QStringLiteral("api_base_url must be https://api.github.com or https://HOST/api/v3, got '%1'")
            .arg(text.left(200));
    if (url.scheme() != QLatin1String("https") && !(url.scheme() == QLatin1String("http") && loopback))
        return QStringLiteral("api_base_url must be https:// (the token would cross the network readable), got '%1'")
            .arg(text.left(200));
    return std::nullopt;
}

Result<std::optional<GitHubConnectionSettings>> GitHubConnectionService::get() const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT api_base_url, bypass_team_ids, updated_by, updated_at FROM github_connection "
                                  "WHERE name = 'github'"),
                   QStringLiteral("read the GitHub connection"));
    auto row = q.first([](const QSqlQuery& r) {
        GitHubConnectionSettings s;
        s.apiBaseUrl = r.value(0).toString();
        for (const QJsonValue v : QJsonDocument::fromJson(r.value(1).toString().toUtf8()).array())
            s.bypassTeamIds << v.toInteger();
        s.updatedBy = r.value(2).toString();
        s.updatedAt = QDateTime::fromMSecsSinceEpoch(r.value(3).toLongLong(), Qt::UTC);
        return s;
    });
    if (!row || !*row)
        return row;
    GitHubConnectionSettings s = **row;
    const auto kept = m_secrets ? m_secrets->read(kTokenKey) : Result<std::optional<QByteArray>>(std::nullopt);
    s.tokenSet = kept && kept->has_value();
    return std::optional<GitHubConnectionSettings>(s);
}

Result<QByteArray> GitHubConnectionService::token() const
{
    if (!m_secrets)
        return Error::storage(QStringLiteral("no secret store holds the GitHub token here"));
    auto kept = m_secrets->read(kTokenKey);
    if (!kept)
        return Error::storage(QStringLiteral("the GitHub token cannot be read: %1").arg(kept.error().message));
    if (!*kept)
        return Error::notFound(QStringLiteral("no GitHub token is configured (PUT /api/v1/security/github-connection, "
                                              "or Settings → Security → Kill switch)"));
    return **kept;
}

Result<GitHubConnectionSettings> GitHubConnectionService::set(const QString& apiBaseUrl, const QByteArray& token,
                                                              const QList<qint64>& bypassTeamIds, const QString& actor)
{
    FieldProblems problems;
    const QString base = apiBaseUrl.trimmed().isEmpty() ? kDefaultBaseUrl : apiBaseUrl.trimmed();
    if (const auto problem = baseUrlProblem(base))
        problems.add(QStringLiteral("api_base_url"), *problem);
    if (token.size() > 255 || token.contains(' ') || token.contains('\n') || token.contains('\r'))
        problems.add(QStringLiteral("token"), QStringLiteral("token must be one GitHub token (no spaces, at most 255 "
                                                             "characters)"));
    for (qint64 id : bypassTeamIds)
        if (id < 1)
            problems.add(QStringLiteral("bypass_team_ids"), QStringLiteral("bypass_team_ids are GitHub team ids "
                                                                           "(whole numbers from 1)"));
    const auto current = get();
    if (!current)
        return current.error();
    if (token.isEmpty() && !(*current && (*current)->tokenSet))
        problems.add(QStringLiteral("token"), QStringLiteral("a GitHub token is required (none is kept yet)"));
    if (problems.any())
        return problems.error(QStringLiteral("cannot set the GitHub connection"));
    if (!token.isEmpty()) {
        if (!m_secrets)
            return Error::storage(QStringLiteral("no secret store holds the GitHub token here"));
        if (auto written = m_secrets->write(kTokenKey, token); !written)
            return Error::storage(QStringLiteral("the GitHub token cannot be kept: %1").arg(written.error().message));
    }
    QJsonArray teams;
    for (qint64 id : bypassTeamIds)
        teams << id;
    WriteTransaction tx(m_store->connection());
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    CheckedQuery drop(m_store->connection(), QStringLiteral("DELETE FROM github_connection WHERE name = 'github'"),
                      QStringLiteral("replace the GitHub connection"));
    if (auto ran = drop.exec(); !ran)
        return ran.error();
    CheckedQuery put(m_store->connection(),
                     QStringLiteral("INSERT INTO github_connection (name, api_base_url, bypass_team_ids, updated_by, "
                                    "updated_at) VALUES ('github', ?, ?, ?, ?)"),
                     QStringLiteral("record the GitHub connection"));
    put.add(base)
        .add(QString::fromUtf8(QJsonDocument(teams).toJson(QJsonDocument::Compact)))
        .add(actor)
        .add(m_clock->nowMs());
    if (auto ran = put.exec(); !ran)
        return ran.error();
    const QString detail = QStringLiteral("GitHub API %1; bypass teams %2; token %3")
                               .arg(base, QString::fromUtf8(QJsonDocument(teams).toJson(QJsonDocument::Compact)),
                                    token.isEmpty() ? QStringLiteral("kept") : QStringLiteral("replaced"));
    if (auto audited =
            m_audit->appendWithin(actor, AuditAction::GitHubConnectionChanged, {QStringLiteral("github_connection")},
                                  QStringLiteral("succeeded"), detail);
        !audited)
        return audited.error();
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not record the GitHub connection: %1").arg(tx.lastError()));
    auto now = get();
    if (!now)
        return now.error();
    if (!*now)
        return Error::storage(QStringLiteral("recorded the GitHub connection, but it cannot be read back"));
    return **now;
}

} // namespace watchpost
