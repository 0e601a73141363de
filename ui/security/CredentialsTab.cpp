#include "ui/security/CredentialsTab.h"

#include "ui/shell/Theme.h"
#include "ui/widgets/FormDialog.h"
#include "ui/widgets/PageParts.h"

#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace watchpost {
using namespace parts;

int CredentialsTab::s_clipboardClearMs = 30000;

CredentialsTab::CredentialsTab(const ConsoleContext& ctx, const SecurityServices& services, QWidget* parent)
    : SecurityTab(QStringLiteral("credentials"), ctx, services, parent)
{
    auto* cl = new QVBoxLayout(this);
    cl->addWidget(m_readError);
    m_credentialModel = new CredentialTableModel(*m_credentials, this);
    connect(m_credentialModel, &StoreTableModel::readErrorChanged, m_readError,
            [this](const QString& message) { m_readError->setError(QStringLiteral("credentials"), message); });
    m_credentialTable = view(QStringLiteral("credentialTable"), m_credentialModel, this);
    cl->addWidget(m_credentialTable);
    auto* cb = new QHBoxLayout;
    auto* create = button(QStringLiteral("Create credential…"), QStringLiteral("createCredentialButton"), this);
    auto* revoke = button(QStringLiteral("Revoke selected…"), QStringLiteral("revokeCredentialButton"), this);
    revoke->setStyleSheet(Theme::destructiveButtonStyle());
    enableOnSelection(revoke, m_credentialTable, QStringLiteral("Select the credential to revoke first"));
    m_credentialTable->setAccessibleName(QStringLiteral("API credentials"));
    emptyState(m_credentialTable, [] {
        return QStringLiteral("No API credentials yet — <i>Create credential…</i> makes one for a person or an "
                              "automation client.");
    });
    cb->addWidget(create);
    cb->addWidget(revoke);
    cb->addStretch();
    cl->addLayout(cb);
    connect(create, &QPushButton::clicked, this, [this] { createCredentialDialog()->open(); });
    connect(revoke, &QPushButton::clicked, this, [this] {
        if (auto* d = revokeDialog())
            d->open();
    });
}

std::optional<qint64> CredentialsTab::selectedCredential() const
{
    const CredentialInfo* c = m_credentialModel->rowAt(selectedRow(m_credentialTable));
    return c ? std::optional<qint64>(c->id) : std::nullopt;
}

void CredentialsTab::refresh()
{
    const auto selected = selectedCredential();
    m_credentialModel->reload();
    for (int r = 0; selected && r < m_credentialModel->rowCount(); ++r)
        if (m_credentialModel->rowAt(r)->id == *selected)
            m_credentialTable->selectRow(r);
}

void CredentialsTab::showToken(const QString& name, const QString& token)
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
    field->setAccessibleName(QStringLiteral("New API key"));
    field->setReadOnly(true);
    field->selectAll();
    field->setMinimumWidth(480);
    auto* row = new QHBoxLayout;
    row->addWidget(field, 1);
    auto* copy = new QPushButton(QStringLiteral("Copy"), dialog);
    copy->setObjectName(QStringLiteral("copyTokenButton"));
    copy->setAccessibleName(QStringLiteral("Copy the API key"));
    row->addWidget(copy);
    l->addLayout(row);
    auto* copied = new QLabel(dialog);
    copied->setObjectName(QStringLiteral("copiedNote"));
    l->addWidget(copied);
    // The key stays on the clipboard for 30 s, then goes — unless something else was copied meanwhile.
    connect(copy, &QPushButton::clicked, dialog, [copied, token] {
        QGuiApplication::clipboard()->setText(token);
        copied->setText(QStringLiteral("Copied. The clipboard is cleared in %1 s.").arg(s_clipboardClearMs / 1000));
        QTimer::singleShot(s_clipboardClearMs, qApp, [token] {
            if (QGuiApplication::clipboard()->text() == token)
                QGuiApplication::clipboard()->clear();
        });
    });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    l->addWidget(buttons);
    dialog->open();
}

FormDialog* CredentialsTab::createCredentialDialog()
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
          {},
          {QStringLiteral("Automation client"), QStringLiteral("Viewer (reads)"), QStringLiteral("Responder (acts)"),
           QStringLiteral("Admin (administers)")},
          true},
         {QStringLiteral("owner"),
          QStringLiteral("Owner"),
          FormField::Kind::Line,
          {},
          QStringLiteral("who answers for it"),
          {}},
         {QStringLiteral("expires_in_days"),
          QStringLiteral("Expires"),
          FormField::Kind::Choice,
          {QStringLiteral("30"), QStringLiteral("90"), QStringLiteral("180"), QStringLiteral("365"),
           QStringLiteral("never")},
          {},
          QStringLiteral("90"),
          {QStringLiteral("in 30 days"), QStringLiteral("in 90 days (recommended)"), QStringLiteral("in 180 days"),
           QStringLiteral("in 365 days"),
           QStringLiteral("never — not recommended: a leaked key works until someone revokes it")},
          true}},
        [this](const FormDialog::Values& v) -> std::optional<Error> {
            std::optional<QDateTime> expires;
            if (const QString days = v.value(QStringLiteral("expires_in_days")).trimmed();
                days != QLatin1String("never")) {
                bool ok = false;
                const int n = days.toInt(&ok);
                if (!ok || n < 1 || n > 3650)
                    return Error::validation(QStringLiteral("expiry is 1 to 3650 days"),
                                             {QStringLiteral("expires_in_days")},
                                             {QStringLiteral("expiry is 1 to 3650 days")});
                expires = m_ctx.clock()->now().addDays(n);
            }
            auto created =
                m_ctx.credentialActions().create(v.value(QStringLiteral("name")), v.value(QStringLiteral("role")),
                                                 v.value(QStringLiteral("owner")).trimmed(), expires, m_ctx.actor());
            if (!created)
                return created.error();
            Q_EMIT changed();
            showReport(QStringLiteral("Created credential %1 (%2)%3.")
                           .arg(created->id)
                           .arg(esc(v.value(QStringLiteral("name"))),
                                expires ? QStringLiteral(", expires %1").arg(when(expires))
                                        : QStringLiteral(" — <b style='color:%1'>it never expires</b>: revoke it "
                                                         "when it is no longer needed")
                                              .arg(badColor())));
            showToken(v.value(QStringLiteral("name")), created->token);
            return std::nullopt;
        },
        this);
    return dialog;
}

FormDialog* CredentialsTab::revokeDialog()
{
    const auto id = selectedCredential();
    if (!id) {
        showReport(QStringLiteral("Select the credential to revoke first."));
        return nullptr;
    }
    const auto read = m_credentials->credential(*id);
    if (!read) {
        showReport(QStringLiteral("<b>Cannot revoke:</b> %1").arg(esc(read.error().message)));
        return nullptr;
    }
    if (!read->has_value()) {
        showReport(QStringLiteral("Credential %1 no longer exists.").arg(*id));
        return nullptr;
    }
    const CredentialInfo c = **read;
    if (c.revokedAt) {
        showReport(
            QStringLiteral("Credential %1 (%2) was revoked at %3.").arg(c.id).arg(esc(c.name), when(c.revokedAt)));
        return nullptr;
    }
    auto* dialog = new FormDialog(
        QStringLiteral("Revoke key %1").arg(c.id),
        QStringLiteral("<b>This revokes %1 (%2, id %3) now.</b> Its next request is refused with 401. Its %4 active "
                       "session(s) are invalidated at once, or — if you choose to let them run out — end at their "
                       "expiry. This cannot be undone.")
            .arg(esc(c.name), c.role)
            .arg(c.id)
            .arg(c.activeSessions),
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
          {},
          {QStringLiteral("End them now"), QStringLiteral("Let them run out at their expiry")},
          true}},
        [this, c](const FormDialog::Values& v) -> std::optional<Error> {
            const auto policy = CredentialService::policyFromName(v.value(QStringLiteral("sessions")));
            auto report =
                m_ctx.credentialActions().revoke({c.id}, v.value(QStringLiteral("reason")), *policy, m_ctx.actor());
            if (!report)
                return report.error();
            QStringList sessions;
            for (const auto& [sid, at] : report->sessionsInvalidated)
                sessions << QStringLiteral("%1 invalidated at %2").arg(sid, when(at));
            for (const auto& [sid, at] : report->sessionsRunningOut)
                sessions << QStringLiteral("%1 runs out at %2").arg(sid, when(at));
            QString html =
                QStringLiteral("Revocation of credential %1: containment <b><span style='color:%2'>%3</span></b>")
                    .arg(c.id)
                    .arg(report->complete() ? goodColor() : badColor(),
                         report->complete() ? QStringLiteral("complete") : QStringLiteral("incomplete"));
            html += htmlList(sessions);
            if (!report->complete())
                html += QStringLiteral("<b>Failed:</b>") + htmlList(report->failures) +
                        QStringLiteral("<b>Manual steps still required:</b>") + htmlList(report->manualSteps);
            showReport(html);
            Q_EMIT changed();
            return std::nullopt;
        },
        this);
    dialog->setDestructive(true);
    return dialog;
}

} // namespace watchpost
