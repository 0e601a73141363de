#include "models/sync/SyncTables.h"

namespace watchpost {

bool SyncTable::readableBy(Role role) const
{
    switch (reader) {
    case Reader::Everyone:
        return TokenService::canRead(role);
    case Reader::Auditors:
        return TokenService::canAudit(role);
    case Reader::Administers:
        return TokenService::canAdminister(role);
    }
    return false;
}

const QList<SyncTable>& SyncTables::all()
{
    using R = SyncTable::Reader;
    auto cols = [](const char* list) { return QString::fromLatin1(list).split(QLatin1Char(' ')); };
    static const QList<SyncTable> tables = {
        {"incidents",
         1,
         "id",
         false,
         cols("id public_id year seq title summary severity state source_kind source_signal reporter reported_at "
              "acknowledged_at contained_at resolved_at closed_at acknowledge_due_at containment_due_at root_cause "
              "impact_summary mitigation_steps approval_note approver postmortem_url narrative_people "
              "narrative_process narrative_technology"),
         {},
         {},
         R::Everyone,
         false,
         {}},
        {"incident_assets", 2, "id", false, cols("id incident_id kind identifier"), {}, {}, R::Everyone, false, {}},
        {"incident_iocs", 3, "id", false, cols("id incident_id type value"), {}, {}, R::Everyone, false, {}},
        {"timeline_entries",
         4,
         "id",
         false,
         cols("id incident_id kind actor at text corrects_id"),
         {},
         {},
         R::Everyone,
         true,
         {}},
        {"follow_ups",
         5,
         "id",
         false,
         cols("id incident_id action owner due_at validation_criteria status created_at"),
         {},
         {},
         R::Everyone,
         false,
         {}},
        {"runbook_updates",
         6,
         "id",
         false,
         cols("id incident_id text actor created_at"),
         {},
         {},
         R::Everyone,
         false,
         {}},
        {"incident_holds",
         7,
         "id",
         false,
         cols("id incident_id reason guidance created_at cleared_at"),
         {},
         {},
         R::Everyone,
         false,
         {}},
        {"github_alert_links", 8, "alert_key", true, cols("alert_key incident_id"), {}, {}, R::Everyone, false, {}},
        // Credentials without their hashes: a replica knows a key exists, never what would authenticate as it.
        {"api_tokens",
         9,
         "id",
         false,
         cols("id name role created_at expires_at revoked_at owner last_used_at revoked_reason revoked_sessions"),
         {},
         {},
         R::Administers,
         false,
         {{QStringLiteral("token_hash"), QStringLiteral("replica:")}}},
        // Signing keys by id and dates only: no key material, public or private, leaves.
        {"signing_keys",
         10,
         "key_id",
         true,
         cols("key_id created_at pending retired_at"),
         {},
         {},
         R::Administers,
         false,
         {{QStringLiteral("public_key"), QByteArray("", 0)}}}, // empty, never NULL (a null QByteArray binds as NULL)
        {"sessions",
         11,
         "id",
         true,
         cols("id credential_id key_id issued_at expires_at invalidated_at invalidated_reason"),
         {},
         {},
         R::Administers,
         false,
         {}},
        {"reauthentications", 12, "id", false, cols("id required_at actor reason"), {}, {}, R::Administers, false, {}},
        {"recoveries",
         13,
         "id",
         false,
         cols("id at actor reason status incident_id report"),
         {},
         {},
         R::Administers,
         false,
         {}},
        {"webhook_hooks",
         14,
         "id",
         true,
         cols("id name created_at secret_set_at previous_secret_until last_verified_at last_verified_with "
              "last_ping_at"),
         {},
         {},
         R::Everyone,
         false,
         {}},
        {"webhook_deliveries",
         15,
         "id",
         false,
         cols("id hook_id delivery_id event action repository body_sha256 body headers source verified_with "
              "received_at outcome security_relevant incident_id"),
         cols("body headers"),
         cols("body"),
         R::Everyone,
         false,
         // NOT NULL columns a replica without bodies fills: an empty blob and no headers (never NULL: a null
         // QByteArray or QString binds as NULL and the row is refused).
         {{QStringLiteral("body"), QByteArray("", 0)}, {QStringLiteral("headers"), QStringLiteral("{}")}}},
        {"webhook_refusals",
         16,
         "id",
         false,
         cols("id source window_start reason count first_at last_at sample"),
         {},
         {},
         R::Everyone,
         false,
         {}},
        {"webhook_blocks",
         17,
         "id",
         false,
         cols("id source reason actor created_at expires_at lifted_at lifted_by"),
         {},
         {},
         R::Everyone,
         false,
         {}},
        {"webhook_policy", 18, "key", true, cols("key value"), {}, {}, R::Everyone, false, {}},
        // Managed secrets by name, kind and settings (URLs, hook ids; the GitHub token is in the keychain), and their
        // versions by stage — never a value.
        {"managed_secrets", 19, "name", true, cols("name kind config created_at"), {}, {}, R::Administers, false, {}},
        {"secret_versions",
         20,
         "id",
         false,
         cols("id secret_name version stage created_at stage_changed_at revoke_at reference"),
         {},
         {},
         R::Administers,
         false,
         {}},
        {"rotations",
         21,
         "id",
         false,
         cols("id secret_name actor started_at finished_at status from_version to_version steps remediation"),
         {},
         {},
         R::Administers,
         true,
         {}},
        {"audit_log",
         22,
         "id",
         false,
         cols("id at actor action targets outcome detail previous_hash hash"),
         {},
         {},
         R::Auditors,
         true,
         {}},
        // The shipping kill switch (issue 12): what every console shows of it; its history is evidence.
        {"kill_switch_engagements",
         23,
         "id",
         false,
         cols("id incident_id reason scope engaged_by engaged_at expires_at released_at released_by release_reason"),
         {},
         {},
         R::Everyone,
         false,
         {}},
        {"kill_switch_history",
         24,
         "id",
         false,
         cols("id engagement_id at actor change scope detail"),
         {},
         {},
         R::Everyone,
         true,
         {}},
        {"shipping_decisions",
         25,
         "id",
         false,
         cols(
             "id engagement_id minute credential_id actor action target allowed reason count first_at last_at samples"),
         {},
         {},
         R::Everyone,
         false,
         {}},
        // GitHub's levers (issue 12 §3): the connection's URL and bypass teams (its token stays in the keychain),
        // and each lever's state on GitHub.
        {"github_connection",
         26,
         "name",
         true,
         cols("name api_base_url bypass_team_ids updated_by updated_at"),
         {},
         {},
         R::Administers,
         false,
         {}},
        {"kill_switch_levers",
         27,
         "id",
         false,
         cols("id engagement_id repository lever target state github_id prior detail manual_step updated_at "
              "claimed_at"),
         {},
         {},
         R::Everyone,
         false,
         {}},
    };
    return tables;
}

const SyncTable* SyncTables::byCode(int code)
{
    for (const SyncTable& t : all())
        if (t.code == code)
            return &t;
    return nullptr;
}

const SyncTable* SyncTables::find(const QString& name)
{
    for (const SyncTable& t : all())
        if (t.name == name)
            return &t;
    return nullptr;
}

const QStringList& SyncTables::local()
{
    // owner_account: the console owner's passphrase hash — the owner's lock stays on the workstation.
    static const QStringList tables = {QStringLiteral("owner_account"), QStringLiteral("schema_version"),
                                       QStringLiteral("sync_changes"),  QStringLiteral("sync_identity"),
                                       QStringLiteral("sync_replica"),  QStringLiteral("sync_alarms")};
    return tables;
}

} // namespace watchpost
