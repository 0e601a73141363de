#include "models/killswitch/KillSwitchLevers.h"

#include "models/store/CheckedQuery.h"

#include <QJsonDocument>

namespace watchpost {

QString lever::rulesetName(qint64 engagementId, const QString& leverKind)
{
    // Ruleset names are unique within a repository: the branch and tag rulesets differ by a suffix.
    return QStringLiteral("watchpost-kill-switch-%1%2")
        .arg(engagementId)
        .arg(leverKind == kRulesetTags ? QStringLiteral("-tags") : QString());
}

bool KillSwitchLever::restoring() const
{
    return state == lever::kRestorePending || state == lever::kRestoring || state == lever::kRestored ||
           state == lever::kRestoreFailed;
}

namespace {
const QString kColumns = QStringLiteral(
    "id, engagement_id, repository, lever, target, state, github_id, prior, detail, manual_step, updated_at");

KillSwitchLever leverOf(const QSqlQuery& q)
{
    KillSwitchLever l;
    l.id = q.value(0).toLongLong();
    l.engagementId = q.value(1).toLongLong();
    l.repository = q.value(2).toString();
    l.kind = q.value(3).toString();
    l.target = q.value(4).toString();
    l.state = q.value(5).toString();
    if (!q.value(6).isNull())
        l.githubId = q.value(6).toLongLong();
    l.prior = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
    l.detail = q.value(8).toString();
    l.manualStep = q.value(9).toString();
    l.updatedAt = QDateTime::fromMSecsSinceEpoch(q.value(10).toLongLong(), Qt::UTC);
    return l;
}

// NOT NULL text columns: an empty string, never a null one.
QString text(const QString& s)
{
    return s.isNull() ? QString(QLatin1String("")) : s.left(2000);
}

QString json(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
} // namespace

Result<Done> KillSwitchLeverStore::plan(qint64 engagementId, const KillSwitchScope& scope, qint64 nowMs) const
{
    QList<std::pair<QString, QString>> planned; // (repository, kind) or (repository, workflow:file)
    for (const QString& repository : scope.repositories)
        for (const QString& kind : {lever::kRulesetBranches, lever::kRulesetTags, lever::kStatuses})
            planned << std::pair(repository, kind);
    for (const QString& workflow : scope.workflows) {
        const qsizetype colon = workflow.indexOf(QLatin1Char(':'));
        planned << std::pair(workflow.left(colon),
                             QStringLiteral("workflow:") + workflow.mid(colon + 1).section(QLatin1Char('/'), -1));
    }
    for (const auto& [repository, what] : planned) {
        const bool workflow = what.startsWith(QLatin1String("workflow:"));
        CheckedQuery q(
            m_store->connection(),
            QStringLiteral("INSERT INTO kill_switch_levers (engagement_id, repository, lever, target, state, "
                           "prior, detail, manual_step, updated_at) VALUES (?, ?, ?, ?, 'pending', '{}', "
                           "'', '', ?) ON CONFLICT DO NOTHING"),
            QStringLiteral("plan the kill switch's GitHub levers"));
        q.add(engagementId)
            .add(repository)
            .add(workflow ? lever::kWorkflow : what)
            .add(workflow ? what.mid(9) : QString(QLatin1String("")))
            .add(nowMs);
        if (auto ran = q.exec(); !ran)
            return ran;
    }
    return Done{};
}

Result<Done> KillSwitchLeverStore::unwind(qint64 engagementId, const std::optional<KillSwitchScope>& stillCovered,
                                          qint64 nowMs) const
{
    auto levers = forEngagement(engagementId);
    if (!levers)
        return levers.error();
    for (const KillSwitchLever& l : *levers) {
        if (l.restoring())
            continue;
        if (stillCovered) {
            const bool covered =
                l.kind == lever::kWorkflow
                    ? stillCovered->workflows.contains(l.repository + QStringLiteral(":.github/workflows/") + l.target)
                    : stillCovered->repositories.contains(l.repository);
            if (covered)
                continue;
        }
        QString state = lever::kRestorePending;
        QString detail = l.detail;
        if (l.state == lever::kPending) { // never applied: nothing on GitHub to restore
            state = lever::kSkipped;
            detail = QStringLiteral("not applied: the engagement ended or its scope changed first");
        } else if (l.state == lever::kFailed || l.state == lever::kSkipped) {
            continue; // nothing of Watchpost's is on GitHub
        }
        CheckedQuery q(
            m_store->connection(),
            QStringLiteral("UPDATE kill_switch_levers SET state = ?, detail = ?, updated_at = ? WHERE id = ?"),
            QStringLiteral("plan restoring the kill switch's GitHub levers"));
        q.add(state).add(detail).add(nowMs).add(l.id);
        if (auto ran = q.exec(); !ran)
            return ran;
    }
    return Done{};
}

Result<Done> KillSwitchLeverStore::addHead(qint64 engagementId, const QString& repository, const QString& sha,
                                           qint64 nowMs) const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("INSERT INTO kill_switch_levers (engagement_id, repository, lever, target, state, "
                                  "prior, detail, manual_step, updated_at) VALUES (?, ?, 'status', ?, 'pending', '{}', "
                                  "'', '', ?) ON CONFLICT DO NOTHING"),
                   QStringLiteral("plan a kill-switch status for a new head"));
    q.add(engagementId).add(repository).add(sha.left(64)).add(nowMs);
    return q.exec();
}

Result<QList<KillSwitchLever>> KillSwitchLeverStore::forEngagement(qint64 engagementId) const
{
    CheckedQuery q(
        m_store->connection(),
        QStringLiteral("SELECT %1 FROM kill_switch_levers WHERE engagement_id = ? ORDER BY id").arg(kColumns),
        QStringLiteral("read the kill switch's GitHub levers"));
    q.add(engagementId);
    return q.all(leverOf);
}

Result<QList<KillSwitchLever>> KillSwitchLeverStore::claim(int limit, qint64 nowMs) const
{
    WriteTransaction tx(m_store->connection());
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    // A claim left by a process that stopped mid-call: waiting again (a ruleset is looked up by name before one is
    // created, so this cannot leave a duplicate).
    for (const auto& [from, to] :
         {std::pair(lever::kApplying, lever::kPending), std::pair(lever::kRestoring, lever::kRestorePending)}) {
        CheckedQuery stale(m_store->connection(),
                           QStringLiteral("UPDATE kill_switch_levers SET state = ?, claimed_at = NULL WHERE state = ? "
                                          "AND claimed_at < ?"),
                           QStringLiteral("take back stale lever claims"));
        stale.add(to).add(from).add(nowMs - kStaleClaimMs);
        if (auto ran = stale.exec(); !ran)
            return ran.error();
    }
    CheckedQuery waiting(m_store->connection(),
                         QStringLiteral("SELECT %1 FROM kill_switch_levers WHERE state IN ('pending', "
                                        "'restore_pending') ORDER BY id LIMIT ?")
                             .arg(kColumns),
                         QStringLiteral("read the waiting GitHub levers"));
    waiting.add(limit);
    auto levers = waiting.all(leverOf);
    if (!levers)
        return levers.error();
    for (KillSwitchLever& l : *levers) {
        l.state = l.state == lever::kPending ? lever::kApplying : lever::kRestoring;
        CheckedQuery take(m_store->connection(),
                          QStringLiteral("UPDATE kill_switch_levers SET state = ?, claimed_at = ? WHERE id = ?"),
                          QStringLiteral("claim a GitHub lever"));
        take.add(l.state).add(nowMs).add(l.id);
        if (auto ran = take.exec(); !ran)
            return ran.error();
    }
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not claim the GitHub levers: %1").arg(tx.lastError()));
    return levers;
}

Result<Done> KillSwitchLeverStore::finish(const KillSwitchLever& l, qint64 nowMs) const
{
    // Applied while the engagement was released (its state moved to restore_pending meanwhile): the restore still
    // comes, with what this call learned (the ruleset's id, the prior state).
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("UPDATE kill_switch_levers SET state = CASE WHEN state IN ('applying', 'restoring') "
                                  "THEN ? ELSE state END, github_id = ?, prior = ?, detail = ?, manual_step = ?, "
                                  "updated_at = ?, claimed_at = NULL WHERE id = ?"),
                   QStringLiteral("record a GitHub lever"));
    q.add(l.state)
        .add(l.githubId ? QVariant(*l.githubId) : QVariant(QMetaType(QMetaType::LongLong)))
        .add(json(l.prior))
        .add(text(l.detail))
        .add(text(l.manualStep))
        .add(nowMs)
        .add(l.id);
    return q.exec();
}

} // namespace watchpost
