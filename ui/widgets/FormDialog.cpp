#include "ui/widgets/FormDialog.h"

#include "ui/shell/Theme.h"
#include "ui/widgets/PairRowsEditor.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QVBoxLayout>

namespace watchpost {
namespace {
std::optional<bool> g_discardAnswer;
} // namespace

void FormDialog::setDiscardAnswerForTests(std::optional<bool> discard)
{
    g_discardAnswer = discard;
}

FormDialog::FormDialog(const QString& title, const QString& intro, const QList<FormField>& fields, Submit submit,
                       QWidget* parent)
    : QDialog(parent), m_fields(fields), m_submit(std::move(submit))
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("formDialog"));
    setAttribute(Qt::WA_DeleteOnClose); // a form is asked once: it goes when it closes
    setMinimumWidth(520);
    auto* layout = new QVBoxLayout(this);
    if (!intro.isEmpty()) {
        auto* label = new QLabel(intro, this);
        label->setObjectName(QStringLiteral("formIntro"));
        label->setWordWrap(true);
        layout->addWidget(label);
    }
    m_general = new QLabel(this);
    m_general->setObjectName(QStringLiteral("formError"));
    m_general->setWordWrap(true);
    m_general->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(Theme::errorColor().name()));
    m_general->hide();
    layout->addWidget(m_general);
    auto* form = new QFormLayout;
    m_form = form;
    bool anyRequired = false;
    QWidget* previous = nullptr;
    for (const FormField& f : fields) {
        QWidget* editor = nullptr;
        switch (f.kind) {
        case FormField::Kind::Line:
        case FormField::Kind::Secret: {
            auto* e = new QLineEdit(f.initial, this);
            e->setPlaceholderText(f.placeholder);
            if (f.kind == FormField::Kind::Secret)
                e->setEchoMode(QLineEdit::Password);
            connect(e, &QLineEdit::textEdited, this, [this, name = f.name] { clearError(name); });
            editor = e;
            break;
        }
        case FormField::Kind::Text: {
            auto* e = new QPlainTextEdit(f.initial, this);
            e->setPlaceholderText(f.placeholder);
            e->setTabChangesFocus(true);
            e->setMinimumHeight(60);
            connect(e, &QPlainTextEdit::textChanged, this, [this, name = f.name] { clearError(name); });
            editor = e;
            break;
        }
        case FormField::Kind::Choice: {
            auto* e = new QComboBox(this);
            for (int i = 0; i < f.choices.size(); ++i)
                e->addItem(f.choiceLabels.value(i, f.choices.at(i)), f.choices.at(i));
            if (const int at = e->findData(f.initial); !f.initial.isEmpty() && at >= 0)
                e->setCurrentIndex(at);
            connect(e, &QComboBox::currentIndexChanged, this, [this, name = f.name] { clearError(name); });
            editor = e;
            break;
        }
        case FormField::Kind::Date: {
            auto* e = new QDateEdit(this);
            e->setCalendarPopup(true);
            e->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
            // The minimum stands for "no date" (shown as the special text) so an optional date can stay empty.
            e->setMinimumDate(QDate(2000, 1, 1));
            e->setSpecialValueText(QStringLiteral("no date"));
            const QDate initial = QDate::fromString(f.initial, Qt::ISODate);
            e->setDate(initial.isValid() ? initial : e->minimumDate());
            connect(e, &QDateEdit::dateChanged, this, [this, name = f.name] { clearError(name); });
            editor = e;
            break;
        }
        case FormField::Kind::Checklist: {
            auto* e = new QListWidget(this);
            const QStringList checked =
                f.initial.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
            for (int i = 0; i < f.choices.size(); ++i) {
                auto* item = new QListWidgetItem(f.choiceLabels.value(i, f.choices.at(i)), e);
                item->setData(Qt::UserRole, f.choices.at(i));
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
                item->setCheckState(checked.contains(f.choices.at(i)) ? Qt::Checked : Qt::Unchecked);
            }
            if (f.choices.isEmpty())
                (new QListWidgetItem(f.placeholder, e))->setFlags(Qt::NoItemFlags);
            e->setMaximumHeight(std::min(160, 24 * int(std::max<qsizetype>(2, f.choices.size())) + 8));
            connect(e, &QListWidget::itemChanged, this, [this, name = f.name] { clearError(name); });
            editor = e;
            break;
        }
        case FormField::Kind::Pairs: {
            auto* e = new PairRowsEditor(f.choices, f.choiceLabels, f.placeholder, this);
            e->setAccessibleName(f.label);
            if (!f.initial.isEmpty())
                e->setText(f.initial);
            connect(e, &PairRowsEditor::changed, this, [this, name = f.name] { clearError(name); });
            editor = e;
            break;
        }
        }
        editor->setObjectName(f.name);
        editor->setAccessibleName(f.label);
        editor->installEventFilter(this);
        auto* error = new QLabel(this);
        error->setObjectName(f.name + QStringLiteral("Error"));
        error->setWordWrap(true);
        error->setStyleSheet(QStringLiteral("color: %1;").arg(Theme::errorColor().name()));
        error->hide();
        auto* cell = new QWidget(this);
        auto* cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(2);
        cellLayout->addWidget(editor);
        cellLayout->addWidget(error);
        auto* label = new QLabel(f.label + (f.required ? QStringLiteral(" *:") : QStringLiteral(":")), this);
        label->setObjectName(f.name + QStringLiteral("Label"));
        if (f.required)
            editor->setAccessibleDescription(QStringLiteral("required"));
        anyRequired = anyRequired || f.required;
        label->setBuddy(editor);
        form->addRow(label, cell);
        m_rowLabels.insert(f.name, label);
        m_editors.insert(f.name, editor);
        m_errors.insert(f.name, error);
        if (previous)
            setTabOrder(previous, editor);
        previous = editor;
    }
    layout->addLayout(form);
    if (anyRequired) {
        auto* legend = new QLabel(QStringLiteral("* required"), this);
        legend->setObjectName(QStringLiteral("requiredLegend"));
        legend->setEnabled(false);
        layout->addWidget(legend);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_submitButton = buttons->button(QDialogButtonBox::Ok);
    m_submitButton->setObjectName(QStringLiteral("submitButton"));
    m_submitButton->setText(title);
    m_submitButton->setToolTip(QStringLiteral("%1 (Ctrl+Enter)").arg(title));
    m_cancelButton = buttons->button(QDialogButtonBox::Cancel);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &FormDialog::trySubmit);
    connect(buttons, &QDialogButtonBox::rejected, this, &FormDialog::reject);
    layout->addWidget(buttons);
    if (previous)
        setTabOrder(previous, m_submitButton);
    for (const QKeySequence& keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto* submitKey = new QShortcut(keys, this);
        submitKey->setContext(Qt::WindowShortcut);
        connect(submitKey, &QShortcut::activated, this, &FormDialog::trySubmit);
    }
    for (const FormField& f : fields)
        if (!f.shownWhen.isEmpty())
            if (auto* chooser = qobject_cast<QComboBox*>(m_editors.value(f.shownWhen.section(QLatin1Char('='), 0, 0))))
                connect(chooser, &QComboBox::currentIndexChanged, this, &FormDialog::updateVisibility);
    updateVisibility();
    m_initialValues = values();
    if (QWidget* first = m_editors.value(fields.value(0).name))
        first->setFocus();
}

bool FormDialog::eventFilter(QObject* watched, QEvent* event)
{
    // Enter in a one-line field moves on; from the last field it submits. (Ctrl+Enter submits from anywhere.)
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        // Ctrl+Enter from any field, also while the window is not the active one (the shortcut needs that).
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && key->modifiers() & Qt::ControlModifier) {
            trySubmit();
            return true;
        }
    }
    if (event->type() == QEvent::KeyPress && qobject_cast<QLineEdit*>(watched)) {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && key->modifiers() == Qt::NoModifier) {
            const QWidget* editor = static_cast<QWidget*>(watched);
            const bool last = !m_fields.isEmpty() && m_editors.value(m_fields.last().name) == editor;
            if (last)
                trySubmit();
            else
                focusNextChild();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void FormDialog::updateVisibility()
{
    for (const FormField& f : std::as_const(m_fields)) {
        if (f.shownWhen.isEmpty())
            continue;
        const bool shown =
            value(f.shownWhen.section(QLatin1Char('='), 0, 0)) == f.shownWhen.section(QLatin1Char('='), 1);
        m_form->setRowVisible(m_rowLabels.value(f.name), shown);
    }
}

bool FormDialog::isModified() const
{
    return values() != m_initialValues;
}

void FormDialog::setDestructive(bool destructive)
{
    m_submitButton->setDefault(!destructive);
    m_submitButton->setAutoDefault(!destructive);
    m_submitButton->setProperty("destructive", destructive);
    m_submitButton->setStyleSheet(destructive ? Theme::destructiveButtonStyle() : QString());
    // Enter alone never takes a destructive step: Cancel is the default then.
    m_cancelButton->setDefault(destructive);
}

void FormDialog::reject()
{
    if (isModified()) {
        bool discard = false;
        if (g_discardAnswer)
            discard = *g_discardAnswer;
        else
            discard = QMessageBox::question(
                          this, QStringLiteral("Discard what you typed?"),
                          QStringLiteral("%1: what you typed is not saved. Discard it?").arg(windowTitle()),
                          QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Discard;
        if (!discard)
            return;
    }
    QDialog::reject();
}

QString FormDialog::value(const QString& name) const
{
    QWidget* w = m_editors.value(name);
    if (auto* e = qobject_cast<QLineEdit*>(w))
        return e->text();
    if (auto* e = qobject_cast<QPlainTextEdit*>(w))
        return e->toPlainText();
    if (auto* e = qobject_cast<QComboBox*>(w))
        return e->currentData().toString();
    if (auto* e = qobject_cast<QDateEdit*>(w))
        return e->date() == e->minimumDate() ? QString() : e->date().toString(Qt::ISODate);
    if (auto* e = qobject_cast<PairRowsEditor*>(w))
        return e->text();
    if (auto* e = qobject_cast<QListWidget*>(w)) {
        QStringList checked;
        for (int i = 0; i < e->count(); ++i)
            if (e->item(i)->checkState() == Qt::Checked)
                checked << e->item(i)->data(Qt::UserRole).toString();
        return checked.join(QStringLiteral(", "));
    }
    return {};
}

void FormDialog::setValue(const QString& name, const QString& value)
{
    QWidget* w = m_editors.value(name);
    if (auto* e = qobject_cast<QLineEdit*>(w))
        e->setText(value);
    else if (auto* e = qobject_cast<QPlainTextEdit*>(w))
        e->setPlainText(value);
    else if (auto* e = qobject_cast<QComboBox*>(w)) {
        if (const int at = e->findData(value); at >= 0)
            e->setCurrentIndex(at);
    } else if (auto* e = qobject_cast<QDateEdit*>(w)) {
        const QDate date = QDate::fromString(value, Qt::ISODate);
        e->setDate(date.isValid() ? date : e->minimumDate());
    } else if (auto* e = qobject_cast<PairRowsEditor*>(w))
        e->setText(value);
    else if (auto* e = qobject_cast<QListWidget*>(w)) {
        const QStringList checked = value.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
        for (int i = 0; i < e->count(); ++i)
            if (e->item(i)->flags() & Qt::ItemIsUserCheckable)
                e->item(i)->setCheckState(checked.contains(e->item(i)->data(Qt::UserRole).toString()) ? Qt::Checked
                                                                                                      : Qt::Unchecked);
    }
}

FormDialog::Values FormDialog::values() const
{
    Values v;
    for (const FormField& f : m_fields) {
        // A field that does not apply (its row hidden) carries nothing.
        const bool hidden = !f.shownWhen.isEmpty() && value(f.shownWhen.section(QLatin1Char('='), 0, 0)) !=
                                                          f.shownWhen.section(QLatin1Char('='), 1);
        v.insert(f.name, hidden ? QString() : value(f.name));
    }
    return v;
}

QString FormDialog::errorText(const QString& name) const
{
    QLabel* label = m_errors.value(name);
    return label && !label->isHidden() ? label->text() : QString();
}

void FormDialog::clearError(const QString& name)
{
    if (QLabel* label = m_errors.value(name))
        label->hide();
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
