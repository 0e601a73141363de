#include "models/secrets/RotationTableModel.h"

#include "models/core/DisplayText.h"

namespace watchpost {

RotationTableModel::RotationTableModel(const ManagedSecretService& secrets, QObject* parent)
    : RowTableModel(
          {{QStringLiteral("Rotation"), [](const RotationRecord& r) { return QStringLiteral("#%1").arg(r.id); }},
           {QStringLiteral("Actor"), [](const RotationRecord& r) { return r.actor; }},
           {QStringLiteral("Finished"), [](const RotationRecord& r) { return display::when(r.finishedAt); }},
           {QStringLiteral("Status"), [](const RotationRecord& r) { return r.status; },
            [](const RotationRecord& r) { return r.status != QLatin1String("completed"); }},
           {QStringLiteral("Versions"),
            [](const RotationRecord& r) {
                return QStringLiteral("%1 → v%2")
                    .arg(r.fromVersion ? QStringLiteral("v%1").arg(*r.fromVersion) : QStringLiteral("—"))
                    .arg(r.toVersion);
            }},
           {QStringLiteral("Post-rotation validation"),
            [](const RotationRecord& r) {
                const RotationStep test = r.steps.size() > 2 ? r.steps.at(2) : RotationStep{};
                return test.name.isEmpty() ? QStringLiteral("not reached")
                                           : QStringLiteral("%1: %2").arg(test.status, test.detail);
            }}},
          parent),
      m_secrets(secrets)
{
}

void RotationTableModel::setSecret(const QString& name)
{
    m_secret = name;
    reload();
}

Result<QList<RotationRecord>> RotationTableModel::readRows() const
{
    if (m_secret.isEmpty())
        return QList<RotationRecord>{};
    return m_secrets.rotations(m_secret);
}

} // namespace watchpost
