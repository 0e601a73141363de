#include "net/sync/Replicator.h"

#include "net/sync/SyncJson.h"

namespace watchpost {

Replicator::Replicator(Replica& replica, SyncServer server, Options options, QObject* parent)
    : QObject(parent), m_replica(replica), m_client(std::move(server), this), m_options(options)
{
}

QUrlQuery Replicator::query() const
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("schema"), QString::number(Store::latestSchemaVersion()));
    return q;
}

void Replicator::catchUp()
{
    if (m_running)
        return;
    m_running = true;
    ++m_run;
    m_outcome = {};
    const auto state = m_replica.state();
    if (!state)
        return finish(SyncFailure::None, state.error().message, true);
    m_outcome.lastSeq = state->lastSeq;
    fetchPage(state->lastSeq);
}

void Replicator::fetchPage(qint64 after, bool wait)
{
    QUrlQuery q = query();
    if (wait)
        q.addQueryItem(QStringLiteral("wait"), QString::number(m_options.waitSeconds));
    q.addQueryItem(QStringLiteral("after"), QString::number(after));
    q.addQueryItem(QStringLiteral("limit"), QString::number(m_options.pageLimit));
    if (m_options.bodies)
        q.addQueryItem(QStringLiteral("include"), QStringLiteral("bodies"));
    const bool first = m_outcome.pages == 0;
    m_client.get(QStringLiteral("/api/v1/sync/changes"), q, [this, first, run = m_run](const SyncAnswer& a) {
        if (run == m_run && m_running) // an answer for a catch-up that already ended is dropped
            onPage(a, first);
    });
}

void Replicator::onPage(const SyncAnswer& answer, bool first)
{
    m_outcome.bytes += answer.bytes;
    if (answer.failure != SyncFailure::None)
        return finish(answer.failure, answer.message);
    auto page = json::feedPageFrom(answer.body);
    if (!page)
        return finish(SyncFailure::BadAnswer, page.error().message);
    if (page->schemaVersion != Store::latestSchemaVersion())
        return finish(SyncFailure::SchemaMismatch,
                      QStringLiteral("the server's store is at schema %1 and this Watchpost at schema %2: the older "
                                     "side must be updated before they sync")
                          .arg(page->schemaVersion)
                          .arg(Store::latestSchemaVersion()));
    ++m_outcome.pages;
    if (!first)
        return applyAndContinue(*page);
    // First contact of this connection: whose server this is, the pin, then the chain before anything is applied.
    const auto state = m_replica.state();
    if (!state)
        return finish(SyncFailure::None, state.error().message, true);
    if (auto bound = m_replica.bind(page->serverId, m_client.server().url.toString()); !bound)
        return finish(SyncFailure::None, bound.error().message, true);
    if (auto behind = m_replica.checkHead(page->headSeq); !behind)
        return finish(SyncFailure::None, behind.error().message, true);
    else if (*behind) {
        m_outcome.alarms << **behind;
        return finish(SyncFailure::None, QStringLiteral("server history changed: %1").arg((*behind)->describe()));
    }
    if (!m_client.server().pin.isEmpty() && state->fingerprint != m_client.server().pin)
        if (auto pinned = m_replica.pin(m_client.server().pin); !pinned)
            return finish(SyncFailure::None, pinned.error().message, true);
    checkChain(*page);
}

void Replicator::checkChain(const FeedPage& firstPage)
{
    const auto state = m_replica.state();
    if (!state)
        return finish(SyncFailure::None, state.error().message, true);
    QUrlQuery q = query();
    q.addQueryItem(QStringLiteral("from"), QString::number(qMax<qint64>(state->auditVerifiedId, 1)));
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("1"));
    m_client.get(QStringLiteral("/api/v1/sync/audit-chain"), q, [this, firstPage, run = m_run](const SyncAnswer& a) {
        if (run != m_run || !m_running)
            return;
        m_outcome.bytes += a.bytes;
        if (a.failure == SyncFailure::Forbidden)
            return applyAndContinue(firstPage); // a viewer's replica holds no audit records to check
        if (a.failure != SyncFailure::None)
            return finish(a.failure, a.message);
        auto chain = json::auditChainFrom(a.body);
        if (!chain)
            return finish(SyncFailure::BadAnswer, chain.error().message);
        auto alarms = m_replica.checkChain(*chain);
        if (!alarms)
            return finish(SyncFailure::None, alarms.error().message, true);
        m_outcome.alarms << *alarms;
        applyAndContinue(firstPage);
    });
}

void Replicator::applyAndContinue(const FeedPage& page)
{
    // The next page is asked for before this one is applied: the server reads and sends it while the replica
    // writes (two processes, two cores).
    const bool more = page.lastSeq < page.headSeq;
    if (more)
        fetchPage(page.lastSeq);
    auto report = m_replica.apply(page);
    if (!report)
        return finish(SyncFailure::None, report.error().message, true);
    m_outcome.applied += report->applied;
    m_outcome.alarms << report->alarms;
    m_outcome.lastSeq = page.lastSeq;
    Q_EMIT progress(page.lastSeq, page.headSeq);
    if (more)
        return;
    if (!m_options.follow)
        return finish();
    Q_EMIT caughtUp(m_outcome);
    fetchPage(page.lastSeq, true);
}

void Replicator::finish(SyncFailure failure, const QString& message, bool local)
{
    m_outcome.failure = failure;
    m_outcome.message = message;
    m_outcome.localFailure = local;
    m_running = false;
    Q_EMIT finished(m_outcome);
}

} // namespace watchpost
