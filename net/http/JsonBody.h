#pragma once
// JsonBody: strict reading of a JSON request body — an object, known fields only, each of the right type.
// Every problem is collected so a 422 names all the fields at once.

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace watchpost {

class JsonBody
{
public:
    explicit JsonBody(QJsonObject object, QString prefix = {})
        : m_object(std::move(object)), m_prefix(std::move(prefix))
    {
    }

    // Names fields the schema does not know.
    void allowOnly(const QStringList& known);
    // Notes every string (and key), at any depth, that is not valid Unicode — an unpaired UTF-16 surrogate such as
    // "x\ud800y", which would lose the next character when stored — naming its path.
    void refuseInvalidText();
    QString string(const QString& key);                        // absent → empty; wrong type → problem
    std::optional<QString> optionalString(const QString& key); // absent → nullopt
    // A string, number or boolean as its text (settings stored as text); absent → nullopt; other types → problem.
    std::optional<QString> scalarText(const QString& key);
    QStringList stringList(const QString& key);
    QJsonObject object(const QString& key);
    QJsonArray array(const QString& key);
    // ISO 8601 time; null or absent → nullopt; `present` tells whether the key was there at all.
    std::optional<QDateTime> time(const QString& key, bool* present = nullptr);
    std::optional<qint64> integer(const QString& key);
    std::optional<bool> boolean(const QString& key); // absent or null → nullopt

    QString path(const QString& key) const { return m_prefix.isEmpty() ? key : m_prefix + QLatin1Char('.') + key; }
    void problem(const QString& field, const QString& message)
    {
        m_fields << field;
        m_messages << message;
    }
    void absorb(const JsonBody& nested)
    {
        m_fields += nested.m_fields;
        m_messages += nested.m_messages;
    }
    bool ok() const { return m_fields.isEmpty(); }
    const QStringList& fields() const { return m_fields; }
    QString message() const { return m_messages.join(QStringLiteral("; ")); }

private:
    QJsonObject m_object;
    QString m_prefix;
    QStringList m_fields;
    QStringList m_messages;
};

} // namespace watchpost
