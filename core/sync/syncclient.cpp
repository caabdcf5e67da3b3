#include "core/sync/syncclient.h"

#include "core/sync/syncworker.h"

#include <QThread>

namespace loupe::sync {

SyncClient::SyncClient(SyncSettings settings, QObject *parent)
    : QObject(parent), m_thread(new QThread), m_worker(new SyncWorker(std::move(settings)))
{
    qRegisterMetaType<loupe::sync::SyncStatus>();
    qRegisterMetaType<std::vector<std::pair<QString, QString>>>();
    m_thread->setObjectName(QStringLiteral("loupe-sync"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SyncWorker::statusChanged, this, [this](const SyncStatus &s) {
        m_status = s;
        emit statusChanged(s);
    });
    connect(m_worker, &SyncWorker::pulled, this, &SyncClient::pulled);
    connect(m_worker, &SyncWorker::notice, this, &SyncClient::notice);
}

SyncClient::~SyncClient()
{
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void SyncClient::start()
{
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &SyncWorker::begin, Qt::QueuedConnection);
}

void SyncClient::syncNow()
{
    QMetaObject::invokeMethod(m_worker, &SyncWorker::syncNow, Qt::QueuedConnection);
}

} // namespace loupe::sync
