// WebhookControls: the per-source windows behind the 429 rate limit and the block threshold, counted
// exactly at their edges, with large limits, and when the clock steps back.
#include "models/webhooks/WebhookControls.h"

#include <QTest>

using namespace watchpost;

class TestWebhookControls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void blockThresholdCountsOnlyTheWindow()
    {
        WebhookControls c;
        WebhookPolicy p; // 5 in 600 s
        p.refusedPerMinute = 1000;
        c.setPolicy(p);
        const QString src = QStringLiteral("198.51.100.7");
        const qint64 t0 = 1'800'000'000'000;
        for (int i = 0; i < 4; ++i)
            QVERIFY(!c.countRefusal(src, t0 + i * 1000));
        // 600 s after the first one it has left the window: the fifth refusal is only the fourth inside it.
        QVERIFY(!c.countRefusal(src, t0 + 600'000));
        QVERIFY(c.countRefusal(src, t0 + 600'001));
        QVERIFY(!c.countRefusal(QStringLiteral("198.51.100.8"), t0 + 600'001)); // another source is its own window
    }

    void rateLimitAtTheLimitWithRetryAfter()
    {
        WebhookControls c;
        WebhookPolicy p;
        p.refusedPerMinute = 3;
        p.blockThreshold = 1000;
        c.setPolicy(p);
        const QString src = QStringLiteral("203.0.113.9");
        const qint64 t0 = 1'800'000'000'000;
        c.countRefusal(src, t0);
        c.countRefusal(src, t0 + 10'000);
        QCOMPARE(c.gate(src, t0 + 20'000).kind, WebhookControls::Gate::Kind::Open);
        c.countRefusal(src, t0 + 20'000);
        const auto g = c.gate(src, t0 + 20'000);
        QCOMPARE(g.kind, WebhookControls::Gate::Kind::RateLimited);
        QCOMPARE(g.retryAfterSeconds, 40); // the oldest of the three leaves the minute at t0 + 60 s
        QCOMPARE(c.gate(src, t0 + 60'000).kind, WebhookControls::Gate::Kind::Open);
    }

    void largeLimitsAreCountedExactly()
    {
        WebhookControls c;
        WebhookPolicy p;
        p.refusedPerMinute = 100000;
        p.blockThreshold = 100000;
        c.setPolicy(p);
        const QString src = QStringLiteral("192.0.2.1");
        const qint64 t0 = 1'800'000'000'000;
        for (int i = 0; i < 99'999; ++i)
            QVERIFY(!c.countRefusal(src, t0 + i / 10));
        QCOMPARE(c.gate(src, t0 + 10'000).kind, WebhookControls::Gate::Kind::Open);
        QVERIFY(c.countRefusal(src, t0 + 10'000));
        QCOMPARE(c.gate(src, t0 + 10'000).kind, WebhookControls::Gate::Kind::RateLimited);
    }

    void aClockStepBackStillCounts()
    {
        WebhookControls c;
        WebhookPolicy p;
        p.refusedPerMinute = 1000;
        c.setPolicy(p);
        const QString src = QStringLiteral("198.51.100.99");
        const qint64 t0 = 1'800'000'000'000;
        QVERIFY(!c.countRefusal(src, t0 + 5000));
        QVERIFY(!c.countRefusal(src, t0 + 6000));
        QVERIFY(!c.countRefusal(src, t0)); // the clock stepped back 6 s
        QVERIFY(!c.countRefusal(src, t0 + 1000));
        QVERIFY(c.countRefusal(src, t0 + 2000)); // five inside 10 min, whatever order they came in
    }
};

QTEST_APPLESS_MAIN(TestWebhookControls)
#include "TestWebhookControls.moc"
