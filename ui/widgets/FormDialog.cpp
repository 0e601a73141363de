#include "ui/widgets/FormDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace watchpost {

FormDialog::FormDialog(const QString& title, const QString& intro, const QList<FormField>& fields, Submit submit,
                       QWidget* parent)
    : QDialog(parent), m_fields(fields), m_submit(std::move(submit))
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("formDialog"));
    setAttribute(Qt::WA_DeleteOnClose); // a form is asked once: it goes when it closes
    setMinimumWidth(560);
    auto* layout = new QVBoxLayout(this);
    if (!intro.isEmpty()) {
        auto* label = new QLabel(intro, this);
        label->setWordWrap(true);
        layout->addWidget(label);
    }
    m_general = new QLabel(this);
    m_general->setObjectName(QStringLiteral("formError"));
    m_general->setWordWrap(true);
    m_general->setStyleSheet(QStringLiteral("color: #e5534b; font-weight: bold;"));
    m_general->hide();
    layout->addWidget(m_general);
    auto* form = new QFormLayout;
    for (const FormField& f : fields) {
        QWidget* editor = nullptr;
        switch (f.kind) {
        case FormField::Kind::Line:
        case FormField::Kind::Secret: {
            auto* e = new QLineEdit(f.initial, this);
            e->setPlaceholderText(f.placeholder);
            if (f.kind == FormField::Kind::Secret)
                e->setEchoMode(QLineEdit::Password);
            editor = e;
            break;
        }
        case FormField::Kind::Text: {
            auto* e = new QPlainTextEdit(f.initial, this);
            e->setPlaceholderText(f.placeholder);
            e->setTabChangesFocus(true);
            e->setMinimumHeight(70);
            editor = e;
            break;
        }
        case FormField::Kind::Choice: {
            auto* e = new QComboBox(this);
            e->addItems(f.choices);
            if (!f.initial.isEmpty())
                e->setCurrentText(f.initial);
            editor = e;
            break;
        }
        }
        editor->setObjectName(f.name);
        editor->setAccessibleName(f.label);
        auto* error = new QLabel(this);
        error->setObjectName(f.name + QStringLiteral("Error"));
        error->setWordWrap(true);
        error->setStyleSheet(QStringLiteral("color: #e5534b;"));
        error->hide();
        auto* cell = new QWidget(this);
        auto* cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(2);
        cellLayout->addWidget(editor);
        cellLayout->addWidget(error);
        auto* label = new QLabel(f.label + QLatin1Char(':'), this);
        label->setBuddy(editor);
        form->addRow(label, cell);
        m_editors.insert(f.name, editor);
        m_errors.insert(f.name, error);
    }
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("submitButton"));
    buttons->button(QDialogButtonBox::Ok)->setText(title);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &FormDialog::trySubmit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString FormDialog::value(const QString& name) const
{
    QWidget* w = m_editors.value(name);
    if (auto* e = qobject_cast<QLineEdit*>(w))
        return e->text();
    if (auto* e = qobject_cast<QPlainTextEdit*>(w))
        return e->toPlainText();
    if (auto* e = qobject_cast<QComboBox*>(w))
        return e->currentText();
    return {};
}

void FormDialog::setValue(const QString& name, const QString& value)
{
    QWidget* w = m_editors.value(name);
    if (auto* e = qobject_cast<QLineEdit*>(w))
        e->setText(value);
    else if (auto* e = qobject_cast<QPlainTextEdit*>(w))
        e->setPlainText(value);
    else if (auto* e = qobject_cast<QComboBox*>(w))
        e->setCurrentText(value);
}

FormDialog::Values FormDialog::values() const
{
    Values v;
    for (const FormField& f : m_fields)
        v.insert(f.name, value(f.name));
    return v;
}

QString FormDialog::errorText(const QString& name) const
{
    QLabel* label = m_errors.value(name);
    return label && !label->isHidden() ? label->text() : QString();
}

void FormDialog::trySubmit()
{
    for (QLabel* label : std::as_const(m_errors))
        label->hide();
    m_general->hide();
    const auto error = m_submit(values());
    if (!error) {
        accept();
        return;
    }
    showError(*error);
}

void FormDialog::showError(const Error& error)
{
    QStringList elsewhere;
    for (int i = 0; i < error.fields.size(); ++i) {
        const QString field = error.fields.at(i);
        const QString message = error.fieldMessages.value(i, error.message);
        // A nested name (source.signal, assets[0].kind) shows beside the editor that carries its root.
        QString editor = field;
        if (!m_errors.contains(editor))
            editor = field.section(QLatin1Char('.'), 0, 0).section(QLatin1Char('['), 0, 0);
        if (!m_errors.contains(editor) && m_errors.contains(field.section(QLatin1Char('.'), -1)))
            editor = field.section(QLatin1Char('.'), -1);
        if (QLabel* label = m_errors.value(editor)) {
            const QString previous = label->isHidden() ? QString() : label->text() + QLatin1Char('\n');
            label->setText(previous + message);
            label->show();
        } else
            elsewhere << message;
    }
    if (error.fields.isEmpty() || !elsewhere.isEmpty()) {
        m_general->setText(elsewhere.isEmpty() ? error.message : elsewhere.join(QLatin1Char('\n')));
        m_general->show();
    }
    if (QWidget* first = m_editors.value(error.fields.value(0)))
        first->setFocus();
}

} // namespace watchpost
