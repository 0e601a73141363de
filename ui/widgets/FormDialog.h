#pragma once
// FormDialog: a dialog of labelled fields that submits through a service call and shows the service's
// reasons beside the fields it names. Editors are named after the API field they carry (the test API).

#include "models/core/Result.h"

#include <QDialog>
#include <QHash>
#include <functional>

class QLabel;
class QFormLayout;

namespace watchpost {

struct FormField
{
    enum class Kind
    {
        Line,
        Secret, // a line whose text is not shown (a token, a webhook secret, a secret's new value)
        Text,
        Choice
    };
    QString name; // the service/API field name, also the editor's objectName
    QString label;
    Kind kind = Kind::Line;
    QStringList choices;
    QString placeholder;
    QString initial;
};

class FormDialog : public QDialog
{
    Q_OBJECT
public:
    using Values = QHash<QString, QString>;
    // Returns the refusal to show, or nothing when the work is done.
    using Submit = std::function<std::optional<Error>(const Values&)>;

    FormDialog(const QString& title, const QString& intro, const QList<FormField>& fields, Submit submit,
               QWidget* parent = nullptr);

    QString value(const QString& name) const;
    void setValue(const QString& name, const QString& value);
    Values values() const;
    // The message shown beside `name` (empty when none); the test API for validation.
    QString errorText(const QString& name) const;

public Q_SLOTS:
    void trySubmit();

private:
    void showError(const Error& error);

    QList<FormField> m_fields;
    Submit m_submit;
    QHash<QString, QWidget*> m_editors;
    QHash<QString, QLabel*> m_errors;
    QLabel* m_general = nullptr;
};

} // namespace watchpost
