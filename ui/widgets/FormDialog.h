#pragma once
// FormDialog: a dialog of labelled fields that submits through a service call and shows the service's
// reasons beside the fields it names. Editors are named after the API field they carry (the test API).
// Ctrl+Enter submits; Enter in a one-line field moves to the next field (submits from the last); a field's error
// clears when it is edited; required fields carry a *; Escape asks before discarding what was typed.

#include "models/core/Result.h"

#include <QDialog>
#include <QHash>
#include <functional>

class QLabel;
class QFormLayout;
class QPushButton;

namespace watchpost {

struct FormField
{
    enum class Kind
    {
        Line,
        Secret, // a line whose text is not shown (a token, a webhook secret, a secret's new value)
        Text,
        Choice,
        Date,     // a QDateEdit with a calendar; its value is YYYY-MM-DD, or empty while "no date" is chosen
        Pairs,    // rows of (kind from `choices`, value): its value is "kind: value" per line
        Checklist // a checkable list of `choices` (shown by `choiceLabels`): its value is the checked ones, "a, b"
    };
    QString name; // the service/API field name, also the editor's objectName
    QString label;
    Kind kind = Kind::Line;
    QStringList choices; // the values a Choice carries (item data)
    QString placeholder;
    QString initial;
    QStringList choiceLabels = {}; // what a Choice shows for each value (empty: the values themselves)
    bool required = false;         // marked with * before submitting
    QString shownWhen = {};        // "field=value": the row shows only while that choice is made
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
    QWidget* editor(const QString& name) const { return m_editors.value(name); }
    // Something was typed or chosen since the form opened (Escape then asks before discarding it).
    bool isModified() const;
    // Styles the submit button as destructive: it says what it does and is never the default button.
    void setDestructive(bool destructive);
    // Answers "Discard what you typed?" in tests: a seam, as modal questions are not clicked in offscreen tests.
    static void setDiscardAnswerForTests(std::optional<bool> discard);

public Q_SLOTS:
    void trySubmit();
    void reject() override;

private:
    void showError(const Error& error);
    void clearError(const QString& name);
    void updateVisibility();
    bool eventFilter(QObject* watched, QEvent* event) override;

    QList<FormField> m_fields;
    Submit m_submit;
    QHash<QString, QWidget*> m_editors;
    QHash<QString, QLabel*> m_errors;
    QHash<QString, QWidget*> m_rowLabels;
    QFormLayout* m_form = nullptr;
    QLabel* m_general = nullptr;
    QPushButton* m_submitButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    Values m_initialValues;
};

} // namespace watchpost
