import SwitchboardDomain
import SwitchboardStore

// MARK: - Start-up: the live state rebuilt from the store

extension LiveService {
    /// Rebuilds the live state as it stood when the process stopped, however it stopped: loads every agent and
    /// campaign, then replays through the domain what the store recorded since the earliest local midnight (and at
    /// least the last hour, for the rolling window): each interaction's enqueue, takes, requeues, replies, close or
    /// abandon, and each agent's status changes, at their recorded instants. Queues, who holds what, presence (a
    /// pause keeps its reason and since), today's figures per campaign and agent and the window come back computed
    /// by the live code itself. Effects are muted during the replay (the store already holds all of it).
    public func rebuild() async throws(StoreError) {
        let now = clock.now()
        effects.mute(true)
        var muted = true
        defer { if muted { effects.mute(false) } }
        for user in try await store.users() where user.role == .agent {
            await center.addAgent(user.id, name: user.displayName, monitorScreen: user.monitorScreen)
        }
        var days: [CampaignID: (start: Timestamp, next: Timestamp)] = [:]
        for record in try await store.campaigns() {
            await center.configure(CampaignConfiguration(record))
            let zone = record.settings.timeZone, next = LocalMidnight.next(after: now, in: zone)
            days[record.id] = (LocalMidnight.start(of: now, in: zone), next)
            scheduleMidnight(record.id, at: next, zone: zone)
        }
        let window = now.adding(seconds: -Int64(RollingCounters.minutes) * 60)
        let since = min(days.values.map(\.start).min() ?? window, window)

        let touched = try await store.interactions(touchedSince: since)
        let requeues = Dictionary(grouping: try await store.requeues(touchedSince: since), by: \.interactionID)
        var timeline = ReplayTimeline()
        for record in touched {
            let transcript = record.state.isOpen ? try await store.transcript(record.id) : nil
            timeline.add(record, requeues: requeues[record.id] ?? [], transcript: transcript)
        }
        for change in try await store.agentStatusChanges(since: since) { timeline.add(change) }
        let steps = timeline.steps

        await center.beginReplay(from: min(steps.first?.at ?? since, since), todayStarts: days.mapValues(\.start))
        var refused = 0
        for (at, step) in steps {
            do throws(DomainError) {
                switch step {
                case .presence(let agent, let status):
                    try await center.restorePresence(agent, status.presence, reason: status.reason, at: at)
                case .campaign(let campaign, let event):
                    try await center.replay(event, in: campaign, at: at)
                }
            } catch {
                // An agent no longer an agent, a deleted campaign: the rest replays without it.
                refused += 1
                logger.debug("rebuild: \(step) at \(at) refused: \(error)")
            }
        }
        for (id, day) in days { try? await center.startDay(id, at: day.start, nextMidnight: day.next) }
        effects.mute(false)
        muted = false

        // From here on effects are recorded: the store follows what the live state decides now.
        let requeued = try await reconcile(touched, at: now)
        let orphaned = await center.endReplay()
        for agent in center.directory.agents where await agent.status == .offline && agent.slot.active > 0 {
            // Holding interactions means logged in (a file from before status changes were replayed lacks the login).
            try? await center.login(agent.id)
        }
        await center.tick()
        await center.flush()
        logger.info("""
            live state rebuilt: \(touched.count) interaction(s) since \(since), \(touched.filter { $0.state.isOpen }.count) open, \
            \(steps.count) event(s) replayed, \(refused) refused, \(requeued + orphaned.count) back in the queue
            """)
    }

    /// Records a requeue for each open interaction the store shows with an agent but the replay left waiting (an
    /// offer auto-assign made, which it makes anew).
    /// - Returns: how many.
    private func reconcile(_ records: [SwitchboardStore.InteractionRecord], at now: Timestamp) async throws(StoreError) -> Int {
        var count = 0
        for record in records where record.state == .active || record.state == .reserved {
            guard let view = await center.directory.campaign(record.campaignID)?.view(of: record.id), view.phase == .queued else {
                continue
            }
            try await store.record(.requeued(at: now), for: record.id)
            count += 1
        }
        return count
    }
}
