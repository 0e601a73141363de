// Form bodies read as the WHATWG application/x-www-form-urlencoded parser reads them.
#include "models/webhooks/FormEncoding.h"

#include <QTest>

using namespace watchpost;

class TestFormEncoding : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void field_data()
    {
        QTest::addColumn<QByteArray>("form");
        QTest::addColumn<bool>("present");
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("plus is a space") << QByteArray("payload=%7B%22a%22%3A+%22b+c%22%7D") << true
                                         << QByteArray(R"({"a": "b c"})");
        QTest::newRow("%2B is a plus") << QByteArray("payload=1%2B1") << true << QByteArray("1+1");
        QTest::newRow("UTF-8 bytes") << QByteArray("payload=%C3%A9t%C3%A9") << true << QByteArray("\xc3\xa9t\xc3\xa9");
        QTest::newRow("newline") << QByteArray("payload=%7B%0A++%7D") << true << QByteArray("{\n  }");
        QTest::newRow("other fields and empty pairs") << QByteArray("&a=1&&payload=x&b=2") << true << QByteArray("x");
        QTest::newRow("first of two") << QByteArray("payload=one&payload=two") << true << QByteArray("one");
        QTest::newRow("= inside the value") << QByteArray("payload=a=b") << true << QByteArray("a=b");
        QTest::newRow("encoded name") << QByteArray("pay%6Coad=x") << true << QByteArray("x");
        QTest::newRow("no value") << QByteArray("payload") << true << QByteArray();
        QTest::newRow("bad percent kept") << QByteArray("payload=100%+sure%zz") << true << QByteArray("100% sure%zz");
        QTest::newRow("absent") << QByteArray("payloads=x&other=y") << false << QByteArray();
        QTest::newRow("empty form") << QByteArray() << false << QByteArray();
    }
    void field()
    {
        QFETCH(QByteArray, form);
        QFETCH(bool, present);
        QFETCH(QByteArray, payload);
        const auto value = FormEncoding::field(form, "payload");
        QCOMPARE(value.has_value(), present);
        if (present)
            QCOMPARE(*value, payload);
    }

    void deliveryJsonByContentType()
    {
        QCOMPARE(FormEncoding::deliveryJson("payload=%7B%7D", "application/x-www-form-urlencoded; charset=utf-8"),
                 QByteArray("{}"));
        QCOMPARE(FormEncoding::deliveryJson(R"({"a":"b+c"})", "application/json"), QByteArray(R"({"a":"b+c"})"));
        QCOMPARE(FormEncoding::deliveryJson("nothing=here", "Application/X-WWW-Form-Urlencoded"), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestFormEncoding)
#include "TestFormEncoding.moc"
