#pragma once

// The crash test's scripted client: edit i of a fixed script of mixed edits (label bricks,
// track keyframes and their deletion, attributes), the same every time it is asked for, so a
// run that was killed can go on where the store says it got to and the test can compute what
// the store must hold.

#include "core/store/operation.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace loupe::test {

inline const QString kScriptDocument = QStringLiteral("drive-1/labels");

inline store::Operation scriptedEdit(int i)
{
    store::Operation op;
    op.id = QStringLiteral("script-%1").arg(i, 5, 10, QLatin1Char('0'));
    op.document = kScriptDocument;
    switch (i % 4) {
    case 0: { // a paint stroke: one 16³ brick of labels, mostly runs, some noise
        op.kind = QStringLiteral("brick.put");
        op.key = QStringLiteral("brick/%1/%2").arg(i % 3).arg(i % 37);
        op.blob = QByteArray(4096, char(1 + i % 5));
        for (int n = 0; n < 64; ++n)
            op.blob[(n * 61 + i * 7) % 4096] = char((i + n) % 7);
        op.json = QJsonDocument(
                      QJsonObject{{QStringLiteral("segment"), i % 3}, {QStringLiteral("edit"), i}})
                      .toJson(QJsonDocument::Compact);
        break;
    }
    case 1: // a keyframe of a track
    case 3:
        op.kind = QStringLiteral("keyframe.put");
        op.key = QStringLiteral("track/%1/frame/%2").arg(i % 50).arg(i % 200);
        op.json = QJsonDocument(QJsonObject{{QStringLiteral("box"), QStringLiteral("%1 %2 %3 %4")
                                                                        .arg(i % 640)
                                                                        .arg(i % 480)
                                                                        .arg(20 + i % 30)
                                                                        .arg(10 + i % 40)},
                                            {QStringLiteral("edit"), i}})
                      .toJson(QJsonDocument::Compact);
        break;
    case 2:
        if (i % 10 == 2) { // a keyframe removed again
            op.kind = QStringLiteral("keyframe.delete");
            op.key = QStringLiteral("track/%1/frame/%2").arg((i - 1) % 50).arg((i - 1) % 200);
        } else { // an attribute of a track
            op.kind = QStringLiteral("attribute.put");
            op.key = QStringLiteral("track/%1/attr/occluded").arg(i % 50);
            op.json = QJsonDocument(QJsonObject{{QStringLiteral("value"), i % 2 == 0},
                                                {QStringLiteral("edit"), i}})
                          .toJson(QJsonDocument::Compact);
        }
        break;
    }
    return op;
}

} // namespace loupe::test
