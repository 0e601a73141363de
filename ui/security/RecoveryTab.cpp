#include "ui/security/RecoveryTab.h"

#include "ui/widgets/FormDialog.h"
#include "ui/widgets/PageParts.h"

#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace watchpost {
using namespace parts;

namespace {
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

RecoveryTab::RecoveryTab(const ConsoleContext& ctx, const SecurityServices& services,
                         std::function<std::optional<qint64>()> selectedCredential, QWidget* parent)
    : SecurityTab(QStringLiteral("recovery"), ctx, services, parent),
      m_selectedCredential(std::move(selectedCredential))
{
    auto* rl = new QVBoxLayout(this);
    rl->addWidget(m_readError);
    auto* intro = new QLabel(
        QStringLiteral("<b>Token-compromise recovery</b> (ST-SIR-006): revokes the compromised credentials and their "
                       "sessions, rotates the session signing key when asked (or when a session token itself leaked), "
                       "and forces re-authentication — every earlier session is refused and this console locks until "
                       "the owner's passphrase is entered again."),
        this);
    intro->setWordWrap(true);
    rl->addWidget(intro);
    auto* recover = button(QStringLiteral("Start recovery…"), QStringLiteral("startRecoveryButton"), this);
    rl->addWidget(recover, 0, Qt::AlignLeft);
    m_recoveryState = new QLabel(this);
    m_recoveryState->setObjectName(QStringLiteral("recoveryState"));
    m_recoveryState->setWordWrap(true);
    m_recoveryState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rl->addWidget(m_recoveryState);
    rl->addStretch();
    connect(recover, &QPushButton::clicked, this, [this] { recoveryDialog()->open(); });
}

void RecoveryTab::refresh()
{
    const auto read = m_recovery->latest();
    QString html;
    if (!m_readError->note(QStringLiteral("latest"), read))
        html = QStringLiteral("The last recovery could not be read.");
    else if (!read->has_value())
        html = QStringLiteral("No recovery has been run.");
    else {
        const RecoveryReport* latest = &**read;
        html = QStringLiteral("Last recovery #%1 at %2: <b><span style='color:%3'>%4</span></b>")
                   .arg(latest->id)
                   .arg(when(latest->at), latest->status() == QLatin1String("contained") ? goodColor() : badColor(),
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
            if (const auto incident = m_ctx.incidents().get(*latest->incidentId))
                did << QStringLiteral("evidence on %1").arg(incident->publicId);
        html += htmlList(did);
        if (!latest->manualSteps.isEmpty())
            html += QStringLiteral("<br><b>Manual containment still required:</b>") + htmlList(latest->manualSteps);
        const auto back = m_recovery->reauthenticatedSinceLatest();
        html += QStringLiteral("<br><b>Re-authenticated since:</b> ");
        if (!m_readError->note(QStringLiteral("reauthenticated"), back))
            html += QStringLiteral("could not be read.");
        else if (back->isEmpty())
            html += QStringLiteral("no client yet.");
        else {
            QStringList who;
            for (const auto& [name, at] : *back)
                who << QStringLiteral("%1 at %2").arg(name, when(at));
            html += esc(who.join(QStringLiteral("; ")));
        }
    }
    m_recoveryState->setText(html);
}

FormDialog* RecoveryTab::recoveryDialog(const QString& incident)
{
    // The dialog still opens when the list cannot be read: recovery must never be out of reach. It says so.
    const auto credentials = m_credentials->list();
    QStringList ids, labels;
    for (const CredentialInfo& c : credentials ? *credentials : QList<CredentialInfo>{})
        if (!c.revokedAt) {
            ids << QString::number(c.id);
            labels << QStringLiteral("%1 — %2 (%3, id %4)")
                          .arg(c.name, c.owner.isEmpty() ? QStringLiteral("no owner") : c.owner, c.role)
                          .arg(c.id);
        }
    const QString unreadable =
        credentials
            ? QString()
            : QStringLiteral("<br><b>The credentials could not be read:</b> %1").arg(esc(credentials.error().message));
    // The selected credential, when it is still active.
    QString preselected;
    if (const auto id = m_selectedCredential(); id && credentials)
        for (const CredentialInfo& c : *credentials)
            if (c.id == *id && !c.revokedAt)
                preselected = QString::number(c.id);
    auto* dialog = new FormDialog(
        QStringLiteral("Token-compromise recovery"),
        QStringLiteral("<b>This will, in order:</b><ol><li>revoke the credentials named below and invalidate their "
                       "sessions at once;</li><li>rotate the session signing key if chosen (or if a session token "
                       "leaked): every token signed by the old key is refused;</li><li>force re-authentication: "
                       "every session issued before now is refused, and this console locks until the owner's "
                       "passphrase is entered again.</li></ol>Check the compromised credentials below.%1")
            .arg(unreadable),
        // A list to check; typed ids only when the list itself cannot be read (recovery stays within reach).
        {{QStringLiteral("credential_ids"),
          credentials ? QStringLiteral("Compromised credentials") : QStringLiteral("Compromised credential ids"),
          credentials ? FormField::Kind::Checklist : FormField::Kind::Line, ids,
          credentials ? QStringLiteral("no active credential") : QStringLiteral("3, 7"), preselected, labels},
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
                auto found = m_ctx.incidents().findId(incident);
                if (!found)
                    return Error::validation(found.error().message, {QStringLiteral("incident")},
                                             {found.error().message});
                request.incidentId = found.value();
            }
            auto report = m_ctx.recoveryActions().tokenCompromise(request, m_ctx.actor());
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
            QString html =
                QStringLiteral("Token-compromise recovery: <b><span style='color:%1'>%2</span></b>")
                    .arg(report->status() == QLatin1String("contained") ? goodColor() : badColor(), report->status()) +
                htmlList(done);
            const QStringList manual = report->revocation.manualSteps + report->manualSteps;
            if (!manual.isEmpty())
                html += QStringLiteral("<b>Manual containment still required:</b>") + htmlList(manual);
            showReport(html);
            Q_EMIT changed();
            if (report->reauthenticationRequiredAt)
                Q_EMIT reauthenticationForced();
            return std::nullopt;
        },
        this);
    return dialog;
}

} // namespace watchpost
