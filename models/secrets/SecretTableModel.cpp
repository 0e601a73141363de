#include "models/secrets/SecretTableModel.h"

#include "models/core/DisplayText.h"

namespace watchpost {

SecretTableModel::SecretTableModel(const ManagedSecretService& secrets, QObject* parent)
    : RowTableModel(
          {{QStringLiteral("Name"), [](const SecretRow& s) { return s.secret.name; }},
           {QStringLiteral("Kind"), [](const SecretRow& s) { return s.secret.kind; }},
           {QStringLiteral("Current version"),
            [](const SecretRow& s) {
                return s.current ? QStringLiteral("v%1").arg(s.current->version) : QStringLiteral("—");
            }},
           {QStringLiteral("Versions"), [](const SecretRow& s) { return s.stages.join(QStringLiteral(", ")); }},
           {QStringLiteral("Last rotation"),
            [](const SecretRow& s) {
                return s.lastRotation ? display::when(s.lastRotation->finishedAt) : QStringLiteral("never");
            }},
           {QStringLiteral("Result"),
            [](const SecretRow& s) { return s.lastRotation ? s.lastRotation->status : QString(); },
            [](const SecretRow& s) { return s.lastRotation && s.lastRotation->status != QLatin1String("completed"); }},
           {QStringLiteral("Validation"),
            [](const SecretRow& s) {
                return s.lastRotation && !s.lastRotation->steps.isEmpty() ? s.lastRotation->steps.value(2).detail
                                                                          : QString();
            }}},
          parent),
      m_secrets(secrets)
{
}

int SecretTableModel::rowOf(const QString& name) const
{
    for (int r = 0; r < rows().size(); ++r)
        if (rows().at(r).secret.name == name)
            return r;
    return -1;
}

Result<QList<SecretRow>> SecretTableModel::readRows() const
{
    const auto all = m_secrets.list();
    if (!all)
        return all.error();
    QList<SecretRow> out;
    for (const ManagedSecret& s : *all) {
        const auto versions = m_secrets.versions(s.name);
        if (!versions)
            return versions.error();
        const auto last = m_secrets.lastRotation(s.name);
        if (!last)
            return last.error();
        SecretRow row{s, std::nullopt, {}, *last};
        for (const SecretVersion& v : *versions) {
            row.stages << QStringLiteral("v%1 %2").arg(v.version).arg(v.stage);
            if (v.stage == QLatin1String("current"))
                row.current = v;
        }
        out << row;
    }
    return out;
}

} // namespace watchpost
