#pragma once
// FieldProblems: collects every problem with an input, each with the field it is about, so that a refusal names
// all of them at once (the API's `fields`, the message a dialog shows beside each field). Every service uses it.

#include "models/core/Result.h"

#include <QStringList>

namespace watchpost {

class FieldProblems
{
public:
    void add(const QString& field, const QString& message)
    {
        m_fields << field;
        m_messages << message;
    }
    // A required text: present and at most `maxLength` characters.
    void required(const QString& field, const QString& value, int maxLength, const QString& what)
    {
        if (value.trimmed().isEmpty())
            add(field, QStringLiteral("%1 is required").arg(what));
        else if (value.size() > maxLength)
            add(field, QStringLiteral("%1 is longer than %2 characters").arg(what).arg(maxLength));
    }
    void optional(const QString& field, const QString& value, int maxLength, const QString& what)
    {
        if (value.size() > maxLength)
            add(field, QStringLiteral("%1 is longer than %2 characters").arg(what).arg(maxLength));
    }
    bool any() const { return !m_fields.isEmpty(); }
    // The validation error naming every problem; `lead` (e.g. "cannot resolve INC-2026-0001") goes first.
    Error error(const QString& lead = {}) const
    {
        const QString all = m_messages.join(QStringLiteral("; "));
        return Error::validation(lead.isEmpty() ? all : QStringLiteral("%1: %2").arg(lead, all), m_fields, m_messages);
    }

private:
    QStringList m_fields;
    QStringList m_messages;
};

} // namespace watchpost
