// X-Hub-Signature-256: GitHub's test vector, either hex case, and every malformed header refused.
#include "models/webhooks/WebhookSignature.h"

#include <QTest>

using namespace watchpost;

class TestWebhookSignature : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void githubTestVector()
    {
        const QByteArray secret("It's a Secret to Everybody");
        const QByteArray body("Hello, World!");
        const QByteArray expected("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        QCOMPARE(WebhookSignature::sign(body, secret), expected);
        QCOMPARE(WebhookSignature::check(expected, body, secret), WebhookSignature::Check::Valid);
        QCOMPARE(WebhookSignature::check("sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17",
                                         body, secret),
                 WebhookSignature::Check::Valid);
        QCOMPARE(WebhookSignature::check(expected, body + ' ', secret), WebhookSignature::Check::Mismatch);
        QCOMPARE(WebhookSignature::check(expected, body, secret + 'x'), WebhookSignature::Check::Mismatch);
        QCOMPARE(WebhookSignature::check(expected, body, QByteArray()), WebhookSignature::Check::Mismatch);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("expected");
        const QByteArray hex("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        QTest::newRow("absent") << QByteArray() << int(WebhookSignature::Check::Missing);
        QTest::newRow("sha1 prefix") << QByteArray("sha1=" + hex.left(40)) << int(WebhookSignature::Check::Malformed);
        QTest::newRow("no prefix") << hex << int(WebhookSignature::Check::Malformed);
        QTest::newRow("63 digits") << QByteArray("sha256=" + hex.left(63)) << int(WebhookSignature::Check::Malformed);
        QTest::newRow("65 digits") << QByteArray("sha256=" + hex + "0") << int(WebhookSignature::Check::Malformed);
        QTest::newRow("not hex") << QByteArray("sha256=" + hex.left(63) + "g")
                                 << int(WebhookSignature::Check::Malformed);
        QTest::newRow("upper prefix") << QByteArray("SHA256=" + hex) << int(WebhookSignature::Check::Malformed);
        QTest::newRow("wrong digest") << QByteArray("sha256=" + QByteArray(64, '0'))
                                      << int(WebhookSignature::Check::Mismatch);
    }
    void refusals()
    {
        QFETCH(QByteArray, header);
        QFETCH(int, expected);
        QCOMPARE(int(WebhookSignature::check(header, "Hello, World!", "It's a Secret to Everybody")), expected);
    }
};

QTEST_GUILESS_MAIN(TestWebhookSignature)
#include "TestWebhookSignature.moc"
