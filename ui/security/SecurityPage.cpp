#include "ui/security/SecurityPage.h"

#include "models/secrets/SecretRotation.h"
#include "ui/shell/Theme.h"
#include "ui/widgets/FormDialog.h"
#include "ui/widgets/PageParts.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace watchpost {
using parts::button;
using parts::fill;
using parts::table;
using parts::when;

namespace {
QString esc(const QString& s)
{
    return s.toHtmlEscaped();
}

QString list(const QStringList& items)
{
    if (items.isEmpty())
        return {};
    QString html = QStringLiteral("<ul>");
    for (const QString& i : items)
        html += QStringLiteral("<li>%1</li>").arg(esc(i));
    return html + QStringLiteral("</ul>");
}

QString bad()
{
    return Theme::slaColor(SlaState::Breached).name();
}

QString good()
{
    return Theme::slaColor(SlaState::Met).name();
}

QList<qint64> idsFrom(const QString& text, bool* ok)
{
    QList<qint64> ids;
    *ok = true;
    for (const QString& part : text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
        bool valid = false;
        const qint64 id = part.toLongLong(&valid);
        if (!valid || id < 1)
            *ok = false;
        else
            ids << id;
    }
    return ids;
}
} // namespace

SecurityPage::SecurityPage(const ConsoleContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx)
{
    setObjectName(QStringLiteral("securityPage"));
    auto audit = std::make_shared<AuditLog>(ctx.store, ctx.clock);
    m_credentials = std::make_unique<CredentialService>(ctx.store, ctx.clock, ctx.keys, audit);
    m_secrets = std::make_unique<ManagedSecretService>(ctx.store, ctx.clock, ctx.keys, audit);
    m_recovery = std::make_unique<RecoveryService>(*m_credentials, ctx.incidents.get(), m_secrets.get());

    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(QStringLiteral("<h2>Settings › Security</h2>"), this);
    layout->addWidget(title);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("securityTabs"));

    // Credentials.
    auto* credentialsTab = new QWidget(m_tabs);
    auto* cl = new QVBoxLayout(credentialsTab);
    m_credentialTable = table(QStringLiteral("credentialTable"),
                              {QStringLiteral("Id"), QStringLiteral("Name"), QStringLiteral("Role"),
                               QStringLiteral("Owner"), QStringLiteral("Created"), QStringLiteral("Last used"),
                               QStringLiteral("Expires"), QStringLiteral("Revoked"), QStringLiteral("Active sessions")},
                              credentialsTab);
    cl->addWidget(m_credentialTable);
    auto* cb = new QHBoxLayout;
    auto* create =
        button(QStringLiteral("Create credential…"), QStringLiteral("createCredentialButton"), credentialsTab);
    auto* revoke = button(QStringLiteral("Revoke selected…"), QStringLiteral("revokeCredentialButton"), credentialsTab);
    cb->addWidget(create);
    cb->addWidget(revoke);
    cb->addStretch();
    cl->addLayout(cb);
    m_tabs->addTab(credentialsTab, QStringLiteral("Credentials"));

    // Sessions.
    auto* sessionsTab = new QWidget(m_tabs);
    auto* sl = new QVBoxLayout(sessionsTab);
    m_sessionFilter = new QComboBox(sessionsTab);
    m_sessionFilter->setObjectName(QStringLiteral("sessionFilter"));
    m_sessionFilter->setAccessibleName(QStringLiteral("Sessions of credential"));
    sl->addWidget(m_sessionFilter);
    m_sessionTable = table(QStringLiteral("sessionTable"),
                           {QStringLiteral("Session"), QStringLiteral("Credential"), QStringLiteral("Signing key"),
                            QStringLiteral("Issued"), QStringLiteral("Expires"), QStringLiteral("Invalidated"),
                            QStringLiteral("Why")},
                           sessionsTab);
    sl->addWidget(m_sessionTable);
    m_tabs->addTab(sessionsTab, QStringLiteral("Sessions"));

    // Secrets and rotations.
    auto* secretsTab = new QWidget(m_tabs);
    auto* xl = new QVBoxLayout(secretsTab);
    m_secretTable = table(QStringLiteral("secretTable"),
                          {QStringLiteral("Name"), QStringLiteral("Kind"), QStringLiteral("Current version"),
                           QStringLiteral("Versions"), QStringLiteral("Last rotation"), QStringLiteral("Result"),
                           QStringLiteral("Validation")},
                          secretsTab);
    xl->addWidget(m_secretTable, 2);
    auto* xb = new QHBoxLayout;
    auto* addSecret = button(QStringLiteral("Add secret…"), QStringLiteral("addSecretButton"), secretsTab);
    auto* rotate = button(QStringLiteral("Rotate selected…"), QStringLiteral("rotateSecretButton"), secretsTab);
    auto* rollback = button(QStringLiteral("Roll back selected…"), QStringLiteral("rollbackSecretButton"), secretsTab);
    xb->addWidget(addSecret);
    xb->addWidget(rotate);
    xb->addWidget(rollback);
    xb->addStretch();
    xl->addLayout(xb);
    m_rotationTable =
        table(QStringLiteral("rotationTable"),
              {QStringLiteral("Rotation"), QStringLiteral("Actor"), QStringLiteral("Finished"),
               QStringLiteral("Status"), QStringLiteral("Versions"), QStringLiteral("Post-rotation validation")},
              secretsTab);
    xl->addWidget(new QLabel(QStringLiteral("Rotation history of the selected secret"), secretsTab));
    xl->addWidget(m_rotationTable, 2);
    m_tabs->addTab(secretsTab, QStringLiteral("Secrets"));

    // Recovery.
    auto* recoveryTab = new QWidget(m_tabs);
    auto* rl = new QVBoxLayout(recoveryTab);
    auto* intro = new QLabel(
        QStringLiteral("<b>Token-compromise recovery</b> (ST-SIR-006): revokes the compromised credentials and their "
                       "sessions, rotates the session signing key when asked (or when a session token itself leaked), "
                       "and forces re-authentication — every earlier session is refused and this console locks until "
                       "the owner's passphrase is entered again."),
        recoveryTab);
    intro->setWordWrap(true);
    rl->addWidget(intro);
    auto* recover = button(QStringLiteral("Start recovery…"), QStringLiteral("startRecoveryButton"), recoveryTab);
    rl->addWidget(recover, 0, Qt::AlignLeft);
    m_recoveryState = new QLabel(recoveryTab);
    m_recoveryState->setObjectName(QStringLiteral("recoveryState"));
    m_recoveryState->setWordWrap(true);
    m_recoveryState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rl->addWidget(m_recoveryState);
    rl->addStretch();
    m_tabs->addTab(recoveryTab, QStringLiteral("Recovery"));

    // Audit log.
    auto* auditTab = new QWidget(m_tabs);
    auto* al = new QVBoxLayout(auditTab);
    auto* filters = new QHBoxLayout;
    m_auditAction = new QComboBox(auditTab);
    m_auditAction->setObjectName(QStringLiteral("auditAction"));
    m_auditAction->setAccessibleName(QStringLiteral("Audit action"));
    m_auditAction->addItem(QStringLiteral("All actions"), QString());
    for (const char* a :
         {"credential_created", "credential_first_use", "credential_revoked", "session_issued", "session_invalidated",
          "key_created", "key_rotated", "reauthentication_forced", "secret_version_created", "secret_version_activated",
          "secret_version_revoked", "secret_rotated", "owner_unlock"})
        m_auditAction->addItem(QString::fromLatin1(a), QString::fromLatin1(a));
    m_auditTarget = new QLineEdit(auditTab);
    m_auditTarget->setObjectName(QStringLiteral("auditTarget"));
    m_auditTarget->setPlaceholderText(QStringLiteral("Target, e.g. credential:3 or secret:github-hook"));
    m_auditTarget->setClearButtonEnabled(true);
    auto* verify = button(QStringLiteral("Verify chain"), QStringLiteral("verifyAuditButton"), auditTab);
    filters->addWidget(m_auditAction);
    filters->addWidget(m_auditTarget, 1);
    filters->addWidget(verify);
    al->addLayout(filters);
    m_chain = new QLabel(auditTab);
    m_chain->setObjectName(QStringLiteral("auditChain"));
    al->addWidget(m_chain);
    m_auditTable =
        table(QStringLiteral("auditTable"),
              {QStringLiteral("#"), QStringLiteral("When"), QStringLiteral("Actor"), QStringLiteral("Action"),
               QStringLiteral("Targets"), QStringLiteral("Outcome"), QStringLiteral("Detail")},
              auditTab);
    al->addWidget(m_auditTable);
    m_tabs->addTab(auditTab, QStringLiteral("Audit log"));

    layout->addWidget(m_tabs, 1);
    m_report = new QLabel(this);
    m_report->setObjectName(QStringLiteral("securityReport"));
    m_report->setWordWrap(true);
    m_report->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* reportBox = new QGroupBox(QStringLiteral("Last action"), this);
    auto* reportLayout = new QVBoxLayout(reportBox);
    reportLayout->addWidget(m_report);
    layout->addWidget(reportBox);

    connect(create, &QPushButton::clicked, this, [this] { createCredentialDialog()->open(); });
    connect(revoke, &QPushButton::clicked, this, [this] {
        if (auto* d = revokeDialog())
            d->open();
    });
    connect(addSecret, &QPushButton::clicked, this, [this] { addSecretDialog()->open(); });
    connect(rotate, &QPushButton::clicked, this, [this] {
        if (auto* d = rotateDialog())
            d->open();
    });
    connect(recover, &QPushButton::clicked, this, [this] { recoveryDialog()->open(); });
    connect(rollback, &QPushButton::clicked, this, [this] {
        if (auto* d = rollbackDialog())
            d->open();
    });
    connect(m_sessionFilter, &QComboBox::currentIndexChanged, this, &SecurityPage::refreshSessions);
    connect(m_secretTable, &QTableWidget::itemSelectionChanged, this, &SecurityPage::refreshSecrets);
    connect(m_auditAction, &QComboBox::currentIndexChanged, this, &SecurityPage::refreshAudit);
    connect(m_auditTarget, &QLineEdit::textChanged, this, &SecurityPage::refreshAudit);
    connect(verify, &QPushButton::clicked, this, [this] {
        auto v = m_credentials->audit().verify();
        if (!v)
            m_chain->setText(QStringLiteral("<b>Cannot check:</b> %1").arg(esc(v.error().message)));
        else if (v->firstBroken)
            m_chain->setText(QStringLiteral("<span style='color:%1'><b>✖ Chain broken at record %2:</b> %3</span>")
                                 .arg(bad())
                                 .arg(*v->firstBroken)
                                 .arg(esc(v->reason)));
        else
            m_chain->setText(QStringLiteral("<span style='color:%1'>✓ Chain intact: %2 records, every hash and link "
                                            "verified.</span>")
                                 .arg(good())
                                 .arg(v->records));
    });
    refresh();
}

SecurityPage::~SecurityPage() = default;

void SecurityPage::showTab(const QString& name)
{
    for (int i = 0; i < m_tabs->count(); ++i)
        if (m_tabs->tabText(i).compare(name, Qt::CaseInsensitive) == 0)
            m_tabs->setCurrentIndex(i);
}

QString SecurityPage::report() const
{
    return m_report->text();
}

void SecurityPage::showReport(const QString& html)
{
    m_report->setText(html);
}

void SecurityPage::refresh()
{
    refreshCredentials();
    refreshSessions();
    refreshSecrets();
    refreshAudit();
    const auto latest = m_recovery->latest();
    QString html;
    if (!latest)
        html = QStringLiteral("No recovery has been run.");
    else {
        html = QStringLiteral("Last recovery #%1 at %2: <b><span style='color:%3'>%4</span></b>")
                   .arg(latest->id)
                   .arg(when(latest->at), latest->status() == QLatin1String("contained") ? good() : bad(),
                        latest->status());
        QStringList did;
        QStringList revoked;
        for (qint64 id : latest->revocation.revoked)
            revoked << QString::number(id);
        if (!revoked.isEmpty())
            did << QStringLiteral("revoked credential(s) %1").arg(revoked.join(QStringLiteral(", ")));
        if (!latest->newKeyId.isEmpty())
            did << QStringLiteral("signing key rotated to %1").arg(latest->newKeyId);
        if (latest->reauthenticationRequiredAt)
            did << QStringLiteral("re-authentication required since %1").arg(when(latest->reauthenticationRequiredAt));
        if (latest->incidentId)
            if (const auto incident = m_ctx.incidents->get(*latest->incidentId))
                did << QStringLiteral("evidence on %1").arg(incident->publicId);
        html += list(did);
        if (!latest->manualSteps.isEmpty())
            html += QStringLiteral("<br><b>Manual containment still required:</b>") + list(latest->manualSteps);
        const auto back = m_recovery->reauthenticatedSinceLatest();
        html += QStringLiteral("<br><b>Re-authenticated since:</b> ");
        if (back.isEmpty())
            html += QStringLiteral("no client yet.");
        else {
            QStringList who;
            for (const auto& [name, at] : back)
                who << QStringLiteral("%1 at %2").arg(name, when(at));
            html += esc(who.join(QStringLiteral("; ")));
        }
    }
    m_recoveryState->setText(html);
}

std::optional<qint64> SecurityPage::selectedCredential() const
{
    const int row = m_credentialTable->currentRow();
    if (row < 0 || !m_credentialTable->item(row, 0))
        return std::nullopt;
    return m_credentialTable->item(row, 0)->text().toLongLong();
}

void SecurityPage::refreshCredentials()
{
    const auto selected = selectedCredential();
    const QList<CredentialInfo> all = m_credentials->list();
    m_credentialTable->setRowCount(int(all.size()));
    const QVariant filter = m_sessionFilter->currentData();
    m_sessionFilter->blockSignals(true);
    m_sessionFilter->clear();
    m_sessionFilter->addItem(QStringLiteral("Active sessions of every credential"), QVariant());
    for (int r = 0; r < all.size(); ++r) {
        const CredentialInfo& c = all.at(r);
        fill(m_credentialTable, r,
             {QString::number(c.id), c.name, c.role, c.owner, when(c.createdAt), when(c.lastUsedAt), when(c.expiresAt),
              c.revokedAt ? QStringLiteral("%1 — %2").arg(when(c.revokedAt), c.revokedReason) : QStringLiteral("—"),
              QString::number(c.activeSessions)});
        if (c.revokedAt)
            m_credentialTable->item(r, 7)->setForeground(Theme::slaColor(SlaState::Breached));
        if (selected && *selected == c.id)
            m_credentialTable->selectRow(r);
        m_sessionFilter->addItem(QStringLiteral("Sessions of %1 (%2)").arg(c.name).arg(c.id), c.id);
    }
    m_sessionFilter->setCurrentIndex(qMax(0, m_sessionFilter->findData(filter)));
    m_sessionFilter->blockSignals(false);
    m_credentialTable->resizeColumnsToContents();
}

void SecurityPage::refreshSessions()
{
    const QVariant credential = m_sessionFilter->currentData();
    const auto sessions = m_credentials->sessions().sessions(
        credential.isValid() ? std::optional<qint64>(credential.toLongLong()) : std::nullopt, !credential.isValid());
    m_sessionTable->setRowCount(int(sessions.size()));
    for (int r = 0; r < sessions.size(); ++r) {
        const SessionInfo& s = sessions.at(r);
        fill(m_sessionTable, r,
             {s.id, QStringLiteral("%1 (%2)").arg(s.credentialName).arg(s.credentialId), s.keyId, when(s.issuedAt),
              when(s.expiresAt), when(s.invalidatedAt), s.invalidatedReason});
    }
    m_sessionTable->resizeColumnsToContents();
}

void SecurityPage::refreshSecrets()
{
    m_secrets->expireGraceWindows();
    const int selectedRow = m_secretTable->currentRow();
    const QString selected = selectedRow >= 0 && m_secretTable->item(selectedRow, 0)
                                 ? m_secretTable->item(selectedRow, 0)->text()
                                 : QString();
    const QList<ManagedSecret> all = m_secrets->list();
    m_secretTable->blockSignals(true);
    m_secretTable->setRowCount(int(all.size()));
    for (int r = 0; r < all.size(); ++r) {
        const ManagedSecret& s = all.at(r);
        const auto current = m_secrets->current(s.name);
        const auto last = m_secrets->lastRotation(s.name);
        QStringList stages;
        for (const SecretVersion& v : m_secrets->versions(s.name))
            stages << QStringLiteral("v%1 %2").arg(v.version).arg(v.stage);
        const QString validation = last && !last->steps.isEmpty() ? last->steps.value(2).detail : QString();
        fill(m_secretTable, r,
             {s.name, s.kind, current ? QStringLiteral("v%1").arg(current->version) : QStringLiteral("—"),
              stages.join(QStringLiteral(", ")), last ? when(last->finishedAt) : QStringLiteral("never"),
              last ? last->status : QString(), validation});
        if (last && last->status != QLatin1String("completed"))
            m_secretTable->item(r, 5)->setForeground(Theme::slaColor(SlaState::Breached));
        if (s.name == selected)
            m_secretTable->selectRow(r);
    }
    m_secretTable->blockSignals(false);
    const QList<RotationRecord> history = selected.isEmpty() ? QList<RotationRecord>{} : m_secrets->rotations(selected);
    m_rotationTable->setRowCount(int(history.size()));
    for (int r = 0; r < history.size(); ++r) {
        const RotationRecord& h = history.at(r);
        const RotationStep test = h.steps.size() > 2 ? h.steps.at(2) : RotationStep{};
        fill(m_rotationTable, r,
             {QStringLiteral("#%1").arg(h.id), h.actor, when(h.finishedAt), h.status,
              QStringLiteral("%1 → v%2")
                  .arg(h.fromVersion ? QStringLiteral("v%1").arg(*h.fromVersion) : QStringLiteral("—"))
                  .arg(h.toVersion),
              test.name.isEmpty() ? QStringLiteral("not reached")
                                  : QStringLiteral("%1: %2").arg(test.status, test.detail)});
    }
    m_secretTable->resizeColumnsToContents();
    m_rotationTable->resizeColumnsToContents();
}

void SecurityPage::refreshAudit()
{
    const AuditFilter f{m_auditTarget->text().trimmed(), m_auditAction->currentData().toString()};
    const QList<AuditRecord> records = m_credentials->audit().list(f, std::nullopt, 500);
    m_auditTable->setRowCount(int(records.size()));
    for (int r = 0; r < records.size(); ++r) {
        const AuditRecord& a = records.at(r);
        fill(m_auditTable, r,
             {QString::number(a.id), when(a.at), a.actor, a.action, a.targets.join(QStringLiteral(", ")), a.outcome,
              a.detail});
        if (a.outcome != QLatin1String("succeeded"))
            m_auditTable->item(r, 5)->setForeground(Theme::slaColor(SlaState::Breached));
    }
    m_auditTable->resizeColumnsToContents();
}

void SecurityPage::showToken(const QString& name, const QString& token)
{
    m_shownToken = token;
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("tokenShownOnceDialog"));
    dialog->setWindowTitle(QStringLiteral("New API key — shown once"));
    auto* l = new QVBoxLayout(dialog);
    l->addWidget(
        new QLabel(QStringLiteral("The API key for <b>%1</b>. Copy it now: Watchpost keeps only its SHA-256 and "
                                  "cannot show it again.")
                       .arg(esc(name)),
                   dialog));
    auto* field = new QLineEdit(token, dialog);
    field->setObjectName(QStringLiteral("shownToken"));
    field->setReadOnly(true);
    field->selectAll();
    field->setMinimumWidth(520);
    l->addWidget(field);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    l->addWidget(buttons);
    dialog->open();
}

FormDialog* SecurityPage::createCredentialDialog()
{
    auto* dialog = new FormDialog(
        QStringLiteral("Create credential"),
        QStringLiteral("An API key for a person or an automation client. It is shown once; only its hash is kept."),
        {{QStringLiteral("name"),
          QStringLiteral("Name"),
          FormField::Kind::Line,
          {},
          QStringLiteral("ci-deploy-bot"),
          {}},
         {QStringLiteral("role"),
          QStringLiteral("Role"),
          FormField::Kind::Choice,
          {QStringLiteral("automation"), QStringLiteral("viewer"), QStringLiteral("responder"),
           QStringLiteral("admin")},
          {},
          {}},
         {QStringLiteral("owner"),
          QStringLiteral("Owner"),
          FormField::Kind::Line,
          {},
          QStringLiteral("who answers for it"),
          {}},
         {QStringLiteral("expires_in_days"),
          QStringLiteral("Expires in (days, empty: never)"),
          FormField::Kind::Line,
          {},
          QStringLiteral("90"),
          {}}},
        [this](const FormDialog::Values& v) -> std::optional<Error> {
            std::optional<QDateTime> expires;
            if (const QString days = v.value(QStringLiteral("expires_in_days")).trimmed(); !days.isEmpty()) {
                bool ok = false;
                const int n = days.toInt(&ok);
                if (!ok || n < 1 || n > 3650)
                    return Error::validation(QStringLiteral("expiry is 1 to 3650 days"),
                                             {QStringLiteral("expires_in_days")},
                                             {QStringLiteral("expiry is 1 to 3650 days")});
                expires = m_ctx.clock->now().addDays(n);
            }
            auto created = m_credentials->create(v.value(QStringLiteral("name")), v.value(QStringLiteral("role")),
                                                 v.value(QStringLiteral("owner")).trimmed(), expires, m_ctx.actor());
            if (!created)
                return created.error();
            refresh();
            showReport(QStringLiteral("Created credential %1 (%2).")
                           .arg(created->id)
                           .arg(esc(v.value(QStringLiteral("name")))));
            showToken(v.value(QStringLiteral("name")), created->token);
            return std::nullopt;
        },
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    return dialog;
}

FormDialog* SecurityPage::revokeDialog()
{
    const auto id = selectedCredential();
    const auto c = id ? m_credentials->credential(*id) : std::nullopt;
    if (!c) {
        showReport(QStringLiteral("Select the credential to revoke first."));
        return nullptr;
    }
    if (c->revokedAt) {
        showReport(
            QStringLiteral("Credential %1 (%2) was revoked at %3.").arg(c->id).arg(esc(c->name), when(c->revokedAt)));
        return nullptr;
    }
    auto* dialog = new FormDialog(
        QStringLiteral("Revoke credential %1").arg(c->id),
        QStringLiteral("<b>This revokes %1 (%2, id %3) now.</b> Its next request is refused with 401. Its %4 active "
                       "session(s) are invalidated at once, or — if you choose <i>at_expiry</i> — run out at their "
                       "expiry. This cannot be undone.")
            .arg(esc(c->name), c->role)
            .arg(c->id)
            .arg(c->activeSessions),
        {{QStringLiteral("reason"),
          QStringLiteral("Reason (recorded in the audit log)"),
          FormField::Kind::Line,
          {},
          QStringLiteral("token pasted in a support ticket"),
          {}},
         {QStringLiteral("sessions"),
          QStringLiteral("Dependent sessions"),
          FormField::Kind::Choice,
          {QStringLiteral("immediate"), QStringLiteral("at_expiry")},
          {},
          {}}},
        [this, c](const FormDialog::Values& v) -> std::optional<Error> {
            const auto policy = CredentialService::policyFromName(v.value(QStringLiteral("sessions")));
            auto report = m_credentials->revoke({c->id}, v.value(QStringLiteral("reason")), *policy, m_ctx.actor());
            if (!report)
                return report.error();
            QStringList sessions;
            for (const auto& [sid, at] : report->sessionsInvalidated)
                sessions << QStringLiteral("%1 invalidated at %2").arg(sid, when(at));
            for (const auto& [sid, at] : report->sessionsRunningOut)
                sessions << QStringLiteral("%1 runs out at %2").arg(sid, when(at));
            QString html =
                QStringLiteral("Revocation of credential %1: containment <b><span style='color:%2'>%3</span></b>")
                    .arg(c->id)
                    .arg(report->complete() ? good() : bad(),
                         report->complete() ? QStringLiteral("complete") : QStringLiteral("incomplete"));
            html += list(sessions);
            if (!report->complete())
                html += QStringLiteral("<b>Failed:</b>") + list(report->failures) +
                        QStringLiteral("<b>Manual steps still required:</b>") + list(report->manualSteps);
            showReport(html);
            refresh();
            return std::nullopt;
        },
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    return dialog;
}

FormDialog* SecurityPage::recoveryDialog(const QString& incident)
{
    QStringList known;
    for (const CredentialInfo& c : m_credentials->list())
        if (!c.revokedAt)
            known << QStringLiteral("%1 = %2").arg(c.id).arg(c.name);
    // The selected credential, when it is still active.
    QString preselected;
    if (const auto id = selectedCredential())
        if (const auto c = m_credentials->credential(*id); c && !c->revokedAt)
            preselected = QString::number(c->id);
    auto* dialog = new FormDialog(
        QStringLiteral("Token-compromise recovery"),
        QStringLiteral("<b>This will, in order:</b><ol><li>revoke the credentials named below and invalidate their "
                       "sessions at once;</li><li>rotate the session signing key if chosen (or if a session token "
                       "leaked): every token signed by the old key is refused;</li><li>force re-authentication: "
                       "every session issued before now is refused, and this console locks until the owner's "
                       "passphrase is entered again.</li></ol>Active credentials: %1")
            .arg(esc(known.join(QStringLiteral(", ")))),
        {{QStringLiteral("credential_ids"),
          QStringLiteral("Compromised credential ids"),
          FormField::Kind::Line,
          {},
          QStringLiteral("3, 7"),
          preselected},
         {QStringLiteral("session_ids"),
          QStringLiteral("Leaked session ids (optional)"),
          FormField::Kind::Line,
          {},
          {},
          {}},
         {QStringLiteral("rotate_signing_key"),
          QStringLiteral("Rotate the signing key"),
          FormField::Kind::Choice,
          {QStringLiteral("yes"), QStringLiteral("no")},
          {},
          {}},
         {QStringLiteral("reason"),
          QStringLiteral("Reason"),
          FormField::Kind::Line,
          {},
          QStringLiteral("token in a public gist"),
          {}},
         {QStringLiteral("incident"),
          QStringLiteral("Incident (optional, for the evidence)"),
          FormField::Kind::Line,
          {},
          QStringLiteral("INC-2026-0001"),
          incident}},
        [this](const FormDialog::Values& v) -> std::optional<Error> {
            RecoveryRequest request;
            bool ok = true;
            request.credentialIds = idsFrom(v.value(QStringLiteral("credential_ids")), &ok);
            if (!ok)
                return Error::validation(QStringLiteral("credential ids are whole numbers"),
                                         {QStringLiteral("credential_ids")},
                                         {QStringLiteral("credential ids are whole numbers, separated by commas")});
            request.leakedSessionIds = v.value(QStringLiteral("session_ids"))
                                           .split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
            if (request.credentialIds.isEmpty() && request.leakedSessionIds.isEmpty())
                return Error::validation(QStringLiteral("name the compromised credentials"),
                                         {QStringLiteral("credential_ids")},
                                         {QStringLiteral("name at least one credential id (or a leaked session id)")});
            request.rotateSigningKey = v.value(QStringLiteral("rotate_signing_key")) == QLatin1String("yes");
            request.reason = v.value(QStringLiteral("reason")).trimmed();
            if (request.reason.isEmpty())
                return Error::validation(QStringLiteral("a reason is required"), {QStringLiteral("reason")},
                                         {QStringLiteral("a reason is required")});
            if (const QString incident = v.value(QStringLiteral("incident")).trimmed(); !incident.isEmpty()) {
                auto found = m_ctx.incidents->findId(incident);
                if (!found)
                    return Error::validation(found.error().message, {QStringLiteral("incident")},
                                             {found.error().message});
                request.incidentId = found.value();
            }
            auto report = m_recovery->tokenCompromise(request, m_ctx.actor());
            if (!report)
                return report.error();
            QStringList done;
            for (qint64 id : report->revocation.revoked)
                done << QStringLiteral("credential %1 revoked").arg(id);
            for (const auto& [sid, at] : report->revocation.sessionsInvalidated)
                done << QStringLiteral("session %1 invalidated at %2").arg(sid, when(at));
            if (!report->newKeyId.isEmpty())
                done << QStringLiteral("signing key rotated to %1 (retired: %2)")
                            .arg(report->newKeyId, report->retiredKeyIds.join(QStringLiteral(", ")));
            if (report->reauthenticationRequiredAt)
                done << QStringLiteral("re-authentication required since %1")
                            .arg(when(report->reauthenticationRequiredAt));
            QString html = QStringLiteral("Token-compromise recovery: <b><span style='color:%1'>%2</span></b>")
                               .arg(report->status() == QLatin1String("contained") ? good() : bad(), report->status()) +
                           list(done);
            const QStringList manual = report->revocation.manualSteps + report->manualSteps;
            if (!manual.isEmpty())
                html += QStringLiteral("<b>Manual containment still required:</b>") + list(manual);
            showReport(html);
            refresh();
            if (report->reauthenticationRequiredAt)
                Q_EMIT reauthenticationForced();
            return std::nullopt;
        },
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    return dialog;
}

FormDialog* SecurityPage::addSecretDialog()
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
          FormField::Kind::Line,
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
            auto created = m_secrets->create(
                v.value(QStringLiteral("name")).trimmed(), kind, config,
                kind == QLatin1String("github_webhook") ? v.value(QStringLiteral("api_token")).toUtf8() : QByteArray(),
                m_ctx.actor());
            if (!created)
                return created.error();
            showReport(QStringLiteral("Added managed secret %1 (%2).").arg(esc(created->name), created->kind));
            refresh();
            return std::nullopt;
        },
        this);
    if (auto* token = dialog->findChild<QLineEdit*>(QStringLiteral("api_token")))
        token->setEchoMode(QLineEdit::Password);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    return dialog;
}

FormDialog* SecurityPage::rotateDialog()
{
    const int row = m_secretTable->currentRow();
    if (row < 0 || !m_secretTable->item(row, 0)) {
        showReport(QStringLiteral("Select the secret to rotate first."));
        return nullptr;
    }
    const auto secret = m_secrets->secret(m_secretTable->item(row, 0)->text());
    if (!secret)
        return nullptr;
    const auto current = m_secrets->current(secret->name);
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
         {QStringLiteral("value"), QStringLiteral("New value (empty: generated)"), FormField::Kind::Line, {}, {}, {}}},
        [this, secret](const FormDialog::Values& v) -> std::optional<Error> {
            if (v.value(QStringLiteral("reason")).trimmed().isEmpty())
                return Error::validation(QStringLiteral("a reason is required"), {QStringLiteral("reason")},
                                         {QStringLiteral("a reason is required")});
            bool ok = false;
            const int grace = v.value(QStringLiteral("grace_seconds")).toInt(&ok);
            if (!ok || grace < 0 || grace > 7 * 86400)
                return Error::validation(QStringLiteral("grace is 0 to 604800 seconds"),
                                         {QStringLiteral("grace_seconds")},
                                         {QStringLiteral("grace is 0 to 604800 seconds")});
            if (auto ready = SecretRotation::canStart(*m_secrets, secret->name); !ready)
                return ready.error();
            if (!m_ctx.rotationTargets)
                return Error::storage(QStringLiteral("rotations are not available in this console"));
            auto target = m_ctx.rotationTargets(*secret, *m_secrets, m_credentials->sessions());
            if (!target)
                return target.error();
            m_credentials->audit().append(m_ctx.actor(), QStringLiteral("rotation_requested"),
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
                QStringList steps;
                for (const RotationStep& s : r.steps)
                    steps << QStringLiteral("%1 — %2: %3").arg(s.name, s.status, s.detail);
                QString html =
                    QStringLiteral("Rotation #%1 of %2: <b><span style='color:%3'>%4</span></b>")
                        .arg(r.id)
                        .arg(esc(r.secretName), r.status == QLatin1String("completed") ? good() : bad(), r.status) +
                    list(steps);
                if (!r.remediation.isEmpty())
                    html += QStringLiteral("<b>Rollback / remediation:</b>") + list(r.remediation);
                showReport(html);
                refresh();
                Q_EMIT rotationFinished(r);
                rotation->deleteLater();
            });
            rotation->start();
            return std::nullopt;
        },
        this);
    if (secret->kind == QLatin1String("signing_key"))
        if (auto* value = dialog->findChild<QLineEdit*>(QStringLiteral("value")))
            value->setEnabled(false);
    if (auto* value = dialog->findChild<QLineEdit*>(QStringLiteral("value")))
        value->setEchoMode(QLineEdit::Password);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    return dialog;
}

FormDialog* SecurityPage::rollbackDialog()
{
    const int row = m_secretTable->currentRow();
    if (row < 0 || !m_secretTable->item(row, 0)) {
        showReport(QStringLiteral("Select the secret to roll back first."));
        return nullptr;
    }
    const auto secret = m_secrets->secret(m_secretTable->item(row, 0)->text());
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
            if (!m_ctx.rotationTargets)
                return Error::storage(QStringLiteral("rollbacks are not available in this console"));
            auto target = m_ctx.rotationTargets(*secret, *m_secrets, m_credentials->sessions());
            if (!target)
                return target.error();
            showReport(QStringLiteral("Rolling back %1…").arg(esc(secret->name)));
            QPointer<SecurityPage> self(this);
            SecretRotation::rollback(
                *m_secrets, *secret, std::move(target.value()), m_ctx.actor(), reason,
                [self, secret](bool ok, const QString& detail) {
                    if (!self)
                        return;
                    self->showReport(QStringLiteral("Rollback of %1: <b><span style='color:%2'>%3</span></b> — %4")
                                         .arg(esc(secret->name), ok ? good() : bad(),
                                              ok ? QStringLiteral("done") : QStringLiteral("failed"), esc(detail)));
                    self->refresh();
                });
            return std::nullopt;
        },
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    return dialog;
}

} // namespace watchpost
