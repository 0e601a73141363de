#include "ui/security/SecretsTab.h"

#include "models/secrets/GracePeriod.h"
#include "models/secrets/SecretRotation.h"
#include "ui/shell/Theme.h"
#include "ui/widgets/FormDialog.h"
#include "ui/widgets/PageParts.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace watchpost {
using namespace parts;

SecretsTab::SecretsTab(const ConsoleContext& ctx, const SecurityServices& services, QWidget* parent)
    : SecurityTab(QStringLiteral("secrets"), ctx, services, parent)
{
    auto* xl = new QVBoxLayout(this);
    xl->addWidget(m_readError);
    m_secretModel = new SecretTableModel(*m_secrets, this);
    m_rotationModel = new RotationTableModel(*m_secrets, this);
    connect(m_secretModel, &StoreTableModel::readErrorChanged, m_readError,
            [this](const QString& message) { m_readError->setError(QStringLiteral("secrets"), message); });
    connect(m_rotationModel, &StoreTableModel::readErrorChanged, m_readError,
            [this](const QString& message) { m_readError->setError(QStringLiteral("history"), message); });
    m_secretTable = view(QStringLiteral("secretTable"), m_secretModel, this);
    m_secretTable->setAccessibleName(QStringLiteral("Managed secrets"));
    xl->addWidget(m_secretTable, 2);
    auto* xb = new QHBoxLayout;
    auto* addSecret = button(QStringLiteral("Add secret…"), QStringLiteral("addSecretButton"), this);
    auto* rotate = button(QStringLiteral("Rotate selected…"), QStringLiteral("rotateSecretButton"), this);
    auto* rollback = button(QStringLiteral("Roll back selected…"), QStringLiteral("rollbackSecretButton"), this);
    xb->addWidget(addSecret);
    xb->addWidget(rotate);
    xb->addWidget(rollback);
    xb->addStretch();
    xl->addLayout(xb);
    m_rotationTable = view(QStringLiteral("rotationTable"), m_rotationModel, this);
    m_rotationTable->setAccessibleName(QStringLiteral("Rotation history"));
    xl->addWidget(new QLabel(QStringLiteral("Rotation history of the selected secret"), this));
    xl->addWidget(m_rotationTable, 2);
    connect(addSecret, &QPushButton::clicked, this, [this] { addSecretDialog()->open(); });
    connect(rotate, &QPushButton::clicked, this, [this] {
        if (auto* d = rotateDialog())
            d->open();
    });
    connect(rollback, &QPushButton::clicked, this, [this] {
        if (auto* d = rollbackDialog())
            d->open();
    });
    connect(m_secretTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SecretsTab::showHistory);
    enableOnSelection(rotate, m_secretTable, QStringLiteral("Select the secret to rotate first"));
    enableOnSelection(rollback, m_secretTable, QStringLiteral("Select the secret to roll back first"));
    emptyState(m_secretTable, [] {
        return QStringLiteral("No managed secrets yet — <i>Add secret…</i> registers the GitHub webhook secret, the "
                              "session signing key or another credential with its rotation runbook.");
    });
    emptyState(m_rotationTable, [] { return QStringLiteral("Select a secret to see its rotations."); });
}

void SecretsTab::showRotation(const RotationRecord& r)
{
    QStringList steps;
    for (const RotationStep& s : r.steps)
        steps << QStringLiteral("%1 — %2: %3").arg(s.name, s.status, s.detail);
    QString html =
        QStringLiteral("Rotation #%1 of %2: <b><span style='color:%3'>%4</span></b>")
            .arg(r.id)
            .arg(esc(r.secretName), r.status == QLatin1String("completed") ? goodColor() : badColor(), r.status) +
        htmlList(steps);
    if (!r.remediation.isEmpty())
        html += QStringLiteral("<b>Rollback / remediation:</b>") + htmlList(r.remediation);
    showReport(html);
    Q_EMIT changed();
    Q_EMIT rotationFinished(r);
}

void SecretsTab::refresh()
{
    if (!m_ctx.remote) // attached to a server, the server ends its own grace windows; a replica is only read
        m_readError->note(QStringLiteral("grace"), m_secrets->expireGraceWindows());
    const QString selected = selectedName();
    m_secretModel->reload();
    if (const int row = m_secretModel->rowOf(selected); row >= 0)
        m_secretTable->selectRow(row);
    showHistory();
}

QString SecretsTab::selectedName() const
{
    const SecretRow* row = m_secretModel->rowAt(selectedRow(m_secretTable));
    return row ? row->secret.name : QString();
}

void SecretsTab::showHistory()
{
    m_rotationModel->setSecret(selectedName());
}

FormDialog* SecretsTab::addSecretDialog()
{
    auto* dialog = new FormDialog(
        QStringLiteral("Add a managed secret"),
        QStringLiteral("<b>github_webhook</b>: the hook's secret, set through GitHub's API and verified by a ping. "
                       "<b>signing_key</b>: the session signing key. <b>generic</b>: a secret whose consumers prove it "
                       "works through a health-check URL."),
        {{QStringLiteral("name"), QStringLiteral("Name"), FormField::Kind::Line, {}, QStringLiteral("github-hook"), {}},
         {QStringLiteral("kind"),
          QStringLiteral("Kind"),
          FormField::Kind::Choice,
          {QStringLiteral("github_webhook"), QStringLiteral("signing_key"), QStringLiteral("generic")},
          {},
          {}},
         {QStringLiteral("repository"),
          QStringLiteral("GitHub repository (owner/name)"),
          FormField::Kind::Line,
          {},
          QStringLiteral("acme/app"),
          {}},
         {QStringLiteral("organization"), QStringLiteral("…or GitHub organization"), FormField::Kind::Line, {}, {}, {}},
         {QStringLiteral("github_hook_id"),
          QStringLiteral("GitHub hook id"),
          FormField::Kind::Line,
          {},
          QStringLiteral("123456"),
          {}},
         {QStringLiteral("hook"),
          QStringLiteral("Watchpost hook"),
          FormField::Kind::Line,
          {},
          {},
          QStringLiteral("default")},
         {QStringLiteral("api_base_url"),
          QStringLiteral("GitHub API"),
          FormField::Kind::Line,
          {},
          {},
          QStringLiteral("https://api.github.com")},
         {QStringLiteral("api_token"),
          QStringLiteral("GitHub token (kept in the keychain)"),
          FormField::Kind::Secret,
          {},
          {},
          {}},
         {QStringLiteral("ping_timeout_s"),
          QStringLiteral("Wait for the test ping (seconds)"),
          FormField::Kind::Line,
          {},
          {},
          QStringLiteral("30")},
         {QStringLiteral("health_check_url"),
          QStringLiteral("Health-check URL (generic)"),
          FormField::Kind::Line,
          {},
          QStringLiteral("https://billing.internal/health"),
          {}}},
        [this](const FormDialog::Values& v) -> std::optional<Error> {
            const QString kind = v.value(QStringLiteral("kind"));
            QJsonObject config;
            if (kind == QLatin1String("github_webhook")) {
                for (const char* key : {"repository", "organization", "hook", "api_base_url"})
                    if (const QString value = v.value(QLatin1String(key)).trimmed(); !value.isEmpty())
                        config.insert(QLatin1String(key), value);
                config.insert(QStringLiteral("github_hook_id"), v.value(QStringLiteral("github_hook_id")).toLongLong());
                config.insert(QStringLiteral("ping_timeout_s"), v.value(QStringLiteral("ping_timeout_s")).toInt());
            } else if (kind == QLatin1String("generic"))
                config.insert(QStringLiteral("health_check_url"),
                              v.value(QStringLiteral("health_check_url")).trimmed());
            const QString name = v.value(QStringLiteral("name")).trimmed();
            const QByteArray token =
                kind == QLatin1String("github_webhook") ? v.value(QStringLiteral("api_token")).toUtf8() : QByteArray();
            if (m_ctx.remoteSecretActions) { // attached: the server adds it (and keeps the token)
                if (auto added = m_ctx.remoteSecretActions->create(name, kind, config, token); !added)
                    return added.error();
            } else if (auto created = m_secrets->create(name, kind, config, token, m_ctx.actor()); !created)
                return created.error();
            showReport(QStringLiteral("Added managed secret %1 (%2).").arg(esc(name), kind));
            Q_EMIT changed();
            return std::nullopt;
        },
        this);
    return dialog;
}

std::optional<ManagedSecret> SecretsTab::selectedSecret(const QString& verb)
{
    const QString name = selectedName();
    if (name.isEmpty()) {
        showReport(QStringLiteral("Select the secret to %1 first.").arg(verb));
        return std::nullopt;
    }
    const auto secret = m_secrets->secret(name);
    if (!secret) {
        showReport(QStringLiteral("<b>Cannot %1 %2:</b> %3").arg(verb, esc(name), esc(secret.error().message)));
        return std::nullopt;
    }
    if (!secret->has_value())
        showReport(QStringLiteral("Secret %1 no longer exists.").arg(esc(name)));
    return *secret;
}

FormDialog* SecretsTab::rotateDialog()
{
    const auto secret = selectedSecret(QStringLiteral("rotate"));
    if (!secret)
        return nullptr;
    const auto read = m_secrets->current(secret->name);
    if (!read) {
        showReport(QStringLiteral("<b>Cannot rotate %1:</b> %2").arg(esc(secret->name), esc(read.error().message)));
        return nullptr;
    }
    const std::optional<SecretVersion>& current = *read;
    auto* dialog = new FormDialog(
        QStringLiteral("Rotate %1").arg(secret->name),
        QStringLiteral(
            "<b>This rotates %1 (%2).</b> Steps: create the new version; set it where it is used; test every "
            "dependent integration with it; finish — the new version becomes current and %3 becomes previous "
            "(revoked at once, or after the grace window). If the test fails, %3 stays current and the "
            "rollback or remediation is listed.")
            .arg(esc(secret->name), secret->kind,
                 current ? QStringLiteral("v%1").arg(current->version) : QStringLiteral("the value in use")),
        {{QStringLiteral("reason"),
          QStringLiteral("Reason"),
          FormField::Kind::Line,
          {},
          QStringLiteral("quarterly rotation"),
          {}},
         {QStringLiteral("grace_seconds"),
          QStringLiteral("Keep the previous version valid for (seconds)"),
          FormField::Kind::Line,
          {},
          {},
          QStringLiteral("0")},
         {QStringLiteral("value"),
          QStringLiteral("New value (empty: generated)"),
          FormField::Kind::Secret,
          {},
          {},
          {}}},
        [this, secret](const FormDialog::Values& v) -> std::optional<Error> {
            if (v.value(QStringLiteral("reason")).trimmed().isEmpty())
                return Error::validation(QStringLiteral("a reason is required"), {QStringLiteral("reason")},
                                         {QStringLiteral("a reason is required")});
            bool ok = false;
            const int grace = v.value(QStringLiteral("grace_seconds")).toInt(&ok);
            const auto graceProblem = ok ? GracePeriod::problem(grace)
                                         : std::optional<QString>(QStringLiteral("the grace period is whole seconds"));
            if (graceProblem)
                return Error::validation(*graceProblem, {QStringLiteral("grace_seconds")}, {*graceProblem});
            if (m_ctx.remoteSecretActions) { // attached: the server rotates it; its record is shown when it ends
                showReport(QStringLiteral("Rotating %1 on the server…").arg(esc(secret->name)));
                QPointer<SecretsTab> self(this);
                m_ctx.remoteSecretActions->rotate(
                    secret->name, grace, v.value(QStringLiteral("value")).toUtf8(),
                    v.value(QStringLiteral("reason")).trimmed(), [self, secret](const Result<RotationRecord>& r) {
                        if (!self)
                            return;
                        if (!r)
                            return self->showReport(QStringLiteral("<b>Rotation of %1 refused:</b> %2")
                                                        .arg(esc(secret->name), esc(r.error().message)));
                        self->showRotation(*r);
                    });
                return std::nullopt;
            }
            if (auto ready = SecretRotation::canStart(*m_secrets, secret->name); !ready)
                return ready.error();
            if (!m_ctx.rotationTargets)
                return Error::storage(QStringLiteral("rotations are not available in this console"));
            auto target = m_ctx.rotationTargets(*secret, *m_secrets, m_credentials->sessions());
            if (!target)
                return target.error();
            m_credentials->audit().append(m_ctx.actor(), AuditAction::RotationRequested,
                                          {QStringLiteral("secret:") + secret->name}, QStringLiteral("succeeded"),
                                          v.value(QStringLiteral("reason")).trimmed());
            auto* rotation =
                new SecretRotation(*m_secrets, *secret, std::move(target.value()),
                                   {v.value(QStringLiteral("value")).toUtf8(), grace, m_ctx.actor()}, &m_rotations);
            connect(rotation, &SecretRotation::stepRecorded, this, [this, secret](const RotationStep& s) {
                showReport(QStringLiteral("Rotating %1… step <b>%2</b> %3: %4")
                               .arg(esc(secret->name), s.name, s.status, esc(s.detail)));
            });
            connect(rotation, &SecretRotation::finished, this, [this, rotation](const RotationRecord& r) {
                showRotation(r);
                rotation->deleteLater();
            });
            rotation->start();
            return std::nullopt;
        },
        this);
    if (secret->kind == QLatin1String("signing_key"))
        if (auto* value = dialog->findChild<QLineEdit*>(QStringLiteral("value")))
            value->setEnabled(false);
    return dialog;
}

FormDialog* SecretsTab::rollbackDialog()
{
    const auto secret = selectedSecret(QStringLiteral("roll back"));
    if (!secret)
        return nullptr;
    auto* dialog = new FormDialog(
        QStringLiteral("Roll back %1").arg(secret->name),
        QStringLiteral("<b>This puts the current value of %1 back where it is used</b> (for a GitHub webhook secret: "
                       "PATCHes the hook's config on GitHub), undoing what an incomplete rotation left behind.")
            .arg(esc(secret->name)),
        {{QStringLiteral("reason"),
          QStringLiteral("Reason"),
          FormField::Kind::Line,
          {},
          QStringLiteral("rotation test failed"),
          {}}},
        [this, secret](const FormDialog::Values& v) -> std::optional<Error> {
            const QString reason = v.value(QStringLiteral("reason")).trimmed();
            if (reason.isEmpty())
                return Error::validation(QStringLiteral("a reason is required"), {QStringLiteral("reason")},
                                         {QStringLiteral("a reason is required")});
            QPointer<SecretsTab> self(this);
            auto report = [self, secret](bool ok, const QString& detail) {
                if (!self)
                    return;
                self->showReport(QStringLiteral("Rollback of %1: <b><span style='color:%2'>%3</span></b> — %4")
                                     .arg(esc(secret->name), ok ? goodColor() : badColor(),
                                          ok ? QStringLiteral("done") : QStringLiteral("failed"), esc(detail)));
                Q_EMIT self->changed();
            };
            if (m_ctx.remoteSecretActions) { // attached: the server puts the value back where it is used
                showReport(QStringLiteral("Rolling back %1 on the server…").arg(esc(secret->name)));
                m_ctx.remoteSecretActions->rollback(secret->name, reason, report);
                return std::nullopt;
            }
            if (!m_ctx.rotationTargets)
                return Error::storage(QStringLiteral("rollbacks are not available in this console"));
            auto target = m_ctx.rotationTargets(*secret, *m_secrets, m_credentials->sessions());
            if (!target)
                return target.error();
            showReport(QStringLiteral("Rolling back %1…").arg(esc(secret->name)));
            SecretRotation::rollback(*m_secrets, *secret, std::move(target.value()), m_ctx.actor(), reason, report);
            return std::nullopt;
        },
        this);
    return dialog;
}

} // namespace watchpost
