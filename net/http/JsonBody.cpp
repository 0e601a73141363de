#include "net/http/JsonBody.h"

#include <QJsonArray>

namespace watchpost {
namespace {
void findInvalidText(const QJsonValue& v, const QString& at, QStringList& found)
{
    if (v.isString() && !QStringView(v.toString()).isValidUtf16())
        found << at;
    else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            findInvalidText(a.at(i), QStringLiteral("%1[%2]").arg(at).arg(i), found);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString key = at.isEmpty() ? it.key() : at + QLatin1Char('.') + it.key();
            if (!QStringView(it.key()).isValidUtf16())
                found << key;
            else
                findInvalidText(it.value(), key, found);
        }
    }
}
} // namespace

void JsonBody::refuseInvalidText()
{
    QStringList found;
    findInvalidText(QJsonValue(m_object), m_prefix, found);
    for (const QString& field : std::as_const(found))
        problem(field.left(100), QStringLiteral("%1 is not valid Unicode text (it holds an unpaired UTF-16 surrogate)")
                                     .arg(field.left(100)));
}

void JsonBody::allowOnly(const QStringList& known)
{
    for (auto it = m_object.begin(); it != m_object.end(); ++it)
        if (!known.contains(it.key()))
            problem(path(it.key()), QStringLiteral("unknown field '%1'").arg(path(it.key()).left(100)));
}

QString JsonBody::string(const QString& key)
{
    return optionalString(key).value_or(QString());
}

std::optional<QString> JsonBody::optionalString(const QString& key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isString()) {
        problem(path(key), QStringLiteral("%1 must be a string").arg(path(key)));
        return std::nullopt;
    }
    return v.toString();
}

std::optional<QString> JsonBody::scalarText(const QString& key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined())
        return std::nullopt;
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble() && v.toDouble() == double(qint64(v.toDouble())))
        return QString::number(qint64(v.toDouble()));
    problem(path(key), QStringLiteral("%1 must be a string, a whole number or true/false").arg(path(key)));
    return std::nullopt;
}

QStringList JsonBody::stringList(const QString& key)
{
    QStringList out;
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return out;
    if (!v.isArray()) {
        problem(path(key), QStringLiteral("%1 must be an array of strings").arg(path(key)));
        return out;
    }
    const QJsonArray a = v.toArray();
    for (int i = 0; i < a.size(); ++i) {
        if (!a.at(i).isString())
            problem(QStringLiteral("%1[%2]").arg(path(key)).arg(i),
                    QStringLiteral("%1[%2] must be a string").arg(path(key)).arg(i));
        else
            out << a.at(i).toString();
    }
    return out;
}

QJsonObject JsonBody::object(const QString& key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined())
        return {};
    if (!v.isObject())
        problem(path(key), QStringLiteral("%1 must be an object").arg(path(key)));
    return v.toObject();
}

QJsonArray JsonBody::array(const QString& key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isArray())
        problem(path(key), QStringLiteral("%1 must be an array").arg(path(key)));
    return v.toArray();
}

std::optional<QDateTime> JsonBody::time(const QString& key, bool* present)
{
    const QJsonValue v = m_object.value(key);
    if (present)
        *present = !v.isUndefined();
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isString()) {
        problem(path(key), QStringLiteral("%1 must be an ISO 8601 time string").arg(path(key)));
        return std::nullopt;
    }
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(v.toString(), Qt::ISODate);
    if (!t.isValid()) {
        problem(path(key), QStringLiteral("%1 is not an ISO 8601 time (e.g. 2026-12-01T09:00:00Z)").arg(path(key)));
        return std::nullopt;
    }
    return t.toUTC();
}

std::optional<qint64> JsonBody::integer(const QString& key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isDouble() || v.toDouble() != double(qint64(v.toDouble()))) {
        problem(path(key), QStringLiteral("%1 must be an integer").arg(path(key)));
        return std::nullopt;
    }
    return qint64(v.toDouble());
}

std::optional<bool> JsonBody::boolean(const QString& key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isBool()) {
        problem(path(key), QStringLiteral("%1 must be true or false").arg(path(key)));
        return std::nullopt;
    }
    return v.toBool();
}

} // namespace watchpost
