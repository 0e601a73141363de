#pragma once
// Result<T>: the value of an operation that can fail with a reason a user must read.

#include <QString>
#include <QStringList>
#include <optional>
#include <utility>

namespace watchpost {

// Why an operation was refused. `code` is stable (used by the API), `message` is for people,
// `fields` names every input that caused it.
struct Error
{
    enum class Kind
    {
        Validation, // input is missing or malformed (HTTP 422)
        WrongState, // the operation does not fit the current state (HTTP 409)
        NotFound,   // the thing does not exist (HTTP 404)
        Forbidden,  // the actor may not do this (HTTP 403)
        Storage,    // the store failed; nothing was written (HTTP 500)
    };
    Kind kind = Kind::Validation;
    QString code;
    QString message;
    QStringList fields;
    // Per-field reasons, aligned with `fields`, so a dialog can show each beside its field.
    QStringList fieldMessages;

    static Error validation(QString message, QStringList fields = {}, QStringList fieldMessages = {})
    {
        return {Kind::Validation, QStringLiteral("validation_failed"), std::move(message), std::move(fields),
                std::move(fieldMessages)};
    }
    static Error wrongState(QString message)
    {
        return {Kind::WrongState, QStringLiteral("wrong_state"), std::move(message), {}, {}};
    }
    static Error notFound(QString message)
    {
        return {Kind::NotFound, QStringLiteral("not_found"), std::move(message), {}, {}};
    }
    static Error storage(QString message)
    {
        return {Kind::Storage, QStringLiteral("storage_error"), std::move(message), {}, {}};
    }

    QString messageFor(const QString& field) const
    {
        const qsizetype i = fields.indexOf(field);
        return i >= 0 && i < fieldMessages.size() ? fieldMessages.at(i) : QString();
    }
};

template <typename T> class Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T& value() const { return *m_value; }
    T& value() { return *m_value; }
    const T* operator->() const { return &*m_value; }
    T* operator->() { return &*m_value; }
    const T& operator*() const { return *m_value; }
    T& operator*() { return *m_value; }
    const Error& error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

// For operations that return nothing on success.
struct Done
{
};

} // namespace watchpost
