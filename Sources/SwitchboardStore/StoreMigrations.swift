import CSQLite

/// The schema, as numbered migrations applied in order at start. `PRAGMA user_version` holds the number of the
/// last one applied; each runs in its own transaction with the version bump, so a crash leaves either the old
/// or the new version. Never edit a released migration: add the next one.
enum StoreMigrations {
    /// The migrations; index + 1 is the version each one produces.
    static let all: [String] = [version1, version2, version3, version4, version5, version6, version7, version8,
                                versionInteractionDisposition, versionReservationSeconds, versionOutboundQueue,
                                versionAuditContext, versionMessageContent, versionCampaignDispositions, versionPauseReasons,
                                versionUserDisabled, versionCampaignTemplates, versionKioskLinks, versionPartialSearchIndexes]

    /// The newest schema version.
    static var latest: Int { all.count }

    /// Applies every migration above the file's version, up to `target`.
    /// - Parameters:
    ///   - connection: the writer's connection.
    ///   - target: the version to reach (the newest by default; tests stop earlier to test upgrades).
    /// - Throws: `StoreError.schemaTooNew` for a file from a newer build, `.sqlite` when a migration fails.
    static func migrate(_ connection: SQLiteConnection, upTo target: Int = latest) throws(StoreError) {
        let current = Int(try connection.scalar("PRAGMA user_version") ?? 0)
        if current > latest { throw .schemaTooNew(found: current, supported: latest) }
        guard current < target else { return }
        for version in (current + 1)...target {
            try connection.execute("BEGIN IMMEDIATE")
            do {
                try connection.execute(all[version - 1])
                try connection.execute("PRAGMA user_version = \(version)")
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
            if all[version - 1].contains("writable_schema") {
                // The stored definitions changed under this connection: it parses them again before the next
                // migration, whose ALTER TABLE would otherwise edit the new text at the old text's offsets.
                connection.clearCache()
                try connection.execute("PRAGMA writable_schema = RESET")
            }
        }
        connection.clearCache()
        // A migration may rewrite stored definitions (`version7`): this connection parses them again.
        try connection.execute("PRAGMA writable_schema = RESET")
    }

    /// Version 1: configuration — users, sessions, providers, campaigns, members, canned responses, scopes.
    static let version1 = """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent')),
            password_hash TEXT NOT NULL,
            monitor_screen INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE sessions (
            token_hash BLOB PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            revoked_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX sessions_by_user ON sessions(user_id);
        CREATE TABLE providers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('cloud', 'classic')),
            base_url TEXT NOT NULL,
            phone_number_id TEXT,
            access_token TEXT,
            app_secret TEXT,
            verify_token TEXT,
            account_sid TEXT,
            auth_token TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE provider_numbers (
            provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
            number TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (provider_id, number)
        ) WITHOUT ROWID;
        CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE RESTRICT,
            number TEXT NOT NULL,
            max_per_agent INTEGER NOT NULL DEFAULT 3,
            enabled INTEGER NOT NULL DEFAULT 1,
            time_zone TEXT NOT NULL DEFAULT 'UTC',
            sl_seconds INTEGER NOT NULL DEFAULT 60,
            sl_target_percent INTEGER NOT NULL DEFAULT 80,
            short_abandon_seconds INTEGER NOT NULL DEFAULT 10,
            max_queue_seconds INTEGER NOT NULL DEFAULT 600,
            auto_assign INTEGER NOT NULL DEFAULT 0,
            longest_wait_warning INTEGER, longest_wait_critical INTEGER,
            asa_warning INTEGER, asa_critical INTEGER,
            aht_warning INTEGER, aht_critical INTEGER,
            first_response_warning INTEGER, first_response_critical INTEGER,
            sl_floor_percent INTEGER,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX campaigns_by_provider ON campaigns(provider_id);
        CREATE TABLE members (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            PRIMARY KEY (campaign_id, user_id)
        ) WITHOUT ROWID;
        CREATE INDEX members_by_user ON members(user_id);
        CREATE TABLE canned_responses (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX canned_by_campaign ON canned_responses(campaign_id, position);
        CREATE TABLE supervisor_scopes (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            PRIMARY KEY (user_id, campaign_id)
        ) WITHOUT ROWID;
        CREATE INDEX scopes_by_campaign ON supervisor_scopes(campaign_id);
        """

    /// Version 2: recordings — interactions, messages and the FTS5 index on message text.
    ///
    /// A message's id is `interaction id << 20 | sequence` (up to 2^20 messages per interaction): the messages
    /// of one interaction sit together in the table's b-tree (the transcript is one range scan, no extra
    /// index), and a full-text hit gives its interaction as `rowid >> 20` without touching the messages table.
    /// New rows reach the FTS5 index at the end of each writer batch, sorted by rowid (`DeferredWrites`'s
    /// pending full-text rows): FTS5 flushes its in-memory index whenever a rowid goes down, so inserting them
    /// in arrival order (interleaved interactions) would write a tiny segment per message.
    static let version2 = """
        CREATE TABLE interactions (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            provider_id INTEGER,
            heynow_number TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
            state TEXT NOT NULL CHECK (state IN ('queued', 'reserved', 'active', 'closed', 'abandoned')),
            agent_id INTEGER,
            subject TEXT,
            enqueued_at INTEGER NOT NULL,
            first_taken_at INTEGER,
            taken_at INTEGER,
            first_agent_reply_at INTEGER,
            closed_at INTEGER,
            abandoned_at INTEGER,
            ended_at INTEGER,
            duration_ms INTEGER,
            message_count INTEGER NOT NULL DEFAULT 0,
            last_message_at INTEGER
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            interaction_id INTEGER NOT NULL,
            provider_id INTEGER,
            provider_message_id TEXT,
            sender TEXT NOT NULL CHECK (sender IN ('customer', 'agent', 'system')),
            agent_id INTEGER,
            at INTEGER NOT NULL,
            body TEXT NOT NULL,
            delivery TEXT
        );
        CREATE UNIQUE INDEX messages_by_provider_id ON messages(provider_id, provider_message_id)
            WHERE provider_message_id IS NOT NULL;
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            body, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
        END;
        """

    /// Version 3: supervisor ↔ agent chat and the audit log.
    static let version3 = """
        CREATE TABLE supervisor_chat (
            id INTEGER PRIMARY KEY,
            agent_id INTEGER NOT NULL,
            supervisor_id INTEGER NOT NULL,
            from_supervisor INTEGER NOT NULL,
            at INTEGER NOT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX supervisor_chat_by_agent ON supervisor_chat(agent_id, id);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor_id INTEGER,
            action TEXT NOT NULL,
            target TEXT,
            detail TEXT
        );
        CREATE INDEX audit_by_time ON audit_log(at);
        """

    /// Version 4: indexes for the recording search and the start-up rebuild.
    ///
    /// The search returns the first page sorted by date (newest first by default), so every filter with an
    /// equality test gets an index ending in `enqueued_at`: SQLite walks the matching rows already in date
    /// order and stops after one page, whatever the table size (campaign, agent, HeyNow number, state). The
    /// date range alone uses `interactions_by_date`. Free text goes through FTS5 and yields interaction ids
    /// directly (see version 2). Subject is a substring match: it filters rows during the ordered walk.
    /// `interactions_open` (partial: only live rows) finds the open interaction of a customer on an inbound
    /// message and the queues at start; `interactions_by_end` finds today's finished interactions at start.
    static let version4 = """
        CREATE INDEX interactions_by_date ON interactions(enqueued_at);
        CREATE INDEX interactions_by_campaign ON interactions(campaign_id, enqueued_at);
        CREATE INDEX interactions_by_agent ON interactions(agent_id, enqueued_at);
        CREATE INDEX interactions_by_number ON interactions(heynow_number, enqueued_at);
        CREATE INDEX interactions_by_state ON interactions(state, enqueued_at);
        CREATE INDEX interactions_by_end ON interactions(ended_at);
        CREATE INDEX interactions_open ON interactions(campaign_id, heynow_number)
            WHERE state IN ('queued', 'reserved', 'active');
        """

    /// Version 5: sequential message ids, and indexes for more filter combinations and sorts.
    ///
    /// Messages now take the next row id in arrival order (version 2's `interaction << 20 | sequence` scattered each
    /// batch's inserts over every active interaction's id range, touching a b-tree page per interaction): the
    /// table and the FTS5 index grow at their right edge, and a transcript is a range of `messages_by_interaction`.
    /// Rows written before keep their ids, all below the new ones. `message_floor` is the largest message id
    /// when the interaction was created (every message of it is above it, and it never decreases with the
    /// interaction id), which lets the full-text search bound its walk over hits (see `searchByTextHits`);
    /// for rows from before, `id << 20` has both properties.
    static let version5 = """
        CREATE INDEX messages_by_interaction ON messages(interaction_id, id);
        ALTER TABLE interactions ADD COLUMN message_floor INTEGER NOT NULL DEFAULT 0;
        UPDATE interactions SET message_floor = id << 20;
        """ + version5Indexes

    /// Version 5's search indexes (also rebuilt by `StoreBulkLoader`): campaign and state together in date order,
    /// and the campaign's rows by duration (date order needs no sort; other sorts by duration would sort them all).
    static let version5Indexes = """
        CREATE INDEX interactions_by_campaign_state ON interactions(campaign_id, state, enqueued_at);
        CREATE INDEX interactions_by_campaign_duration ON interactions(campaign_id, duration_ms);
        """

    /// Version 6: what the start-up rebuild needs to replay today beyond the interactions' own timestamps.
    ///
    /// A requeue (the agent was disconnected) overwrites the interaction's `agent_id` and, at the next take,
    /// `taken_at`: `requeues` keeps each take it undid (who, from when) and its instant, so first responses and
    /// handled counts land on the agent who held the interaction then. Agents' status changes are already in the
    /// audit log (`agent.status`); `audit_agent_status` finds each agent's last one before a day began.
    static let version6 = """
        CREATE TABLE requeues (
            id INTEGER PRIMARY KEY,
            interaction_id INTEGER NOT NULL,
            at INTEGER NOT NULL,
            agent_id INTEGER,
            taken_at INTEGER
        );
        CREATE INDEX requeues_by_interaction ON requeues(interaction_id);
        CREATE INDEX audit_agent_status ON audit_log(actor_id, at) WHERE action = 'agent.status';
        """

    /// Version 7: cheaper writes of messages and interactions, and a full-text index keyed by interaction.
    ///
    /// A transcript follows links instead of an index: each message names the previous message of its interaction
    /// (`previous_id`, 0 for the first) and each interaction its newest (`last_message_id`, written with its other
    /// counters once per batch). `messages_by_interaction` cost a b-tree insert per message into every active
    /// interaction's own leaf page, so each batch rewrote a page per active interaction; the links cost a column.
    /// The messages written before have no link (NULL): `messages_unchained` keeps finding them, and nothing written
    /// later enters it.
    ///
    /// The full-text index is made again, keyed by interaction: a message's text has the rowid
    /// `interaction id << 32 | the low 32 bits of its id` (`MessageTextRowid`), so a hit names its interaction and an
    /// interaction's hits are one rowid range — the search reads no message per hit or per candidate, and walks
    /// hits in date order directly (`message_floor` is no longer read, and new interactions leave it 0). The index stores no text (`content=''`; the
    /// delete trigger passes the old text, as before) and no per-row sizes (`columnsize=0`: they serve only ranking,
    /// bm25, which the search does not use, and cost a b-tree insert per message). Making it again reads every
    /// message in interaction order (about 30 s per 10 million messages on the development machine). FTS5 now
    /// merges its segments 16 at a time instead of 4 (`automerge`): fewer, larger merges while recording, a few more
    /// segments for a search to read.
    ///
    /// The CHECK constraints on a message's sender and an interaction's state become OR chains: SQLite tests
    /// `x IN (a, b, c)` with three values or more by building a temporary b-tree for every row it writes, which
    /// cost about a fifth of recording a message. The stored table definitions are edited in place, as SQLite
    /// documents for changes that leave the stored rows valid (these accept exactly the same values); the schema
    /// changes before bump the schema version, so every connection parses the definitions again.
    static let version7 = """
        ALTER TABLE messages ADD COLUMN previous_id INTEGER;
        ALTER TABLE interactions ADD COLUMN last_message_id INTEGER;
        UPDATE interactions SET last_message_id = (SELECT max(id) FROM messages WHERE interaction_id = interactions.id);
        CREATE INDEX messages_unchained ON messages(interaction_id, id) WHERE previous_id IS NULL;
        DROP TRIGGER messages_fts_delete;
        DROP TABLE messages_fts;
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            body, content = '', tokenize = 'unicode61 remove_diacritics 2', columnsize = 0
        );
        INSERT INTO messages_fts(messages_fts, rank) VALUES ('automerge', 16);
        INSERT INTO messages_fts(rowid, body)
            SELECT interaction_id << 32 | (id & 4294967295), body FROM messages INDEXED BY messages_unchained
            WHERE previous_id IS NULL ORDER BY interaction_id, id;
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, body)
            VALUES ('delete', old.interaction_id << 32 | (old.id & 4294967295), old.body);
        END;
        DROP INDEX messages_by_interaction;
        PRAGMA writable_schema = ON;
        UPDATE sqlite_schema
        SET sql = replace(sql, 'CHECK (sender IN (''customer'', ''agent'', ''system''))',
                          'CHECK (sender = ''customer'' OR sender = ''agent'' OR sender = ''system'')')
        WHERE type = 'table' AND name = 'messages';
        UPDATE sqlite_schema
        SET sql = replace(sql, 'CHECK (state IN (''queued'', ''reserved'', ''active'', ''closed'', ''abandoned''))',
                          'CHECK (state = ''queued'' OR state = ''reserved'' OR state = ''active'' OR state = ''closed''
                                 OR state = ''abandoned'')')
        WHERE type = 'table' AND name = 'interactions';
        PRAGMA writable_schema = OFF;
        """

    /// Version 8: the partial index of live interactions tests an OR chain instead of an IN list.
    ///
    /// `WHERE state IN ('queued', 'reserved', 'active')` made SQLite build a temporary b-tree for every interaction
    /// it inserted and two for every state change (the partial index's condition is evaluated on the row written, and
    /// on the old row of an update), as version 7 found for the CHECK constraints. The OR chain holds the same rows; a
    /// query uses the index only when its WHERE names the same condition, so the open-interaction lookup states
    /// `openCondition` verbatim. Made again rather than edited in place: it holds only the live interactions, built
    /// from one pass over the table.
    static let version8 = """
        DROP INDEX interactions_open;
        CREATE INDEX interactions_open ON interactions(campaign_id, heynow_number) WHERE \(openCondition);
        """

    /// The outcome an agent chose when closing an interaction (its campaign's list of dispositions, or free text),
    /// stored with it beside the subject.
    static let versionInteractionDisposition = """
        ALTER TABLE interactions ADD COLUMN disposition TEXT;
        """

    /// Each campaign's reservation time: how long an auto-assign offer waits for the agent (30 s by default).
    static let versionReservationSeconds = """
        ALTER TABLE campaigns ADD COLUMN reservation_seconds INTEGER NOT NULL DEFAULT 30;
        """

    /// The durable queue of agents' messages to the providers, and each message's delivery reason.
    ///
    /// An agent's message and its `outbound` row are written in one transaction, so a message the agent was told is
    /// recorded is also queued; a row leaves `pending` only with the provider's answer (accepted: its message id is
    /// set on the message, whose `delivery` then moves on with the status callbacks; refused or given up: `failed`
    /// with `delivery_reason`). At start every pending row is sent again, under the same `idempotency_key`, so a
    /// provider that saw an attempt before the crash recognises it. `outbound_pending` holds only the rows still to
    /// send, per provider in arrival order: what the senders read. A status callback may overtake the provider's answer
    /// (it names a message id not recorded yet): `early_statuses` keeps it for an hour, and the answer applies it.
    static let versionOutboundQueue = """
        ALTER TABLE messages ADD COLUMN delivery_reason TEXT;
        CREATE TABLE outbound (
            message_id INTEGER PRIMARY KEY,
            interaction_id INTEGER NOT NULL,
            line_index INTEGER NOT NULL,
            provider_id INTEGER NOT NULL,
            agent_id INTEGER,
            from_number TEXT NOT NULL,
            to_number TEXT NOT NULL,
            body TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            pending INTEGER NOT NULL DEFAULT 1,
            attempts INTEGER NOT NULL DEFAULT 0,
            queued_at INTEGER NOT NULL
        );
        CREATE INDEX outbound_pending ON outbound(provider_id, message_id) WHERE pending = 1;
        CREATE TABLE early_statuses (
            provider_id INTEGER NOT NULL,
            provider_message_id TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT,
            at INTEGER NOT NULL,
            PRIMARY KEY (provider_id, provider_message_id, state)
        ) WITHOUT ROWID;
        """

    /// Who did an audited action from where: the actor's role at the time, the client's address and user agent. The
    /// audit search walks `audit_by_time` (newest first, a page at a time); no index by actor or action, which would
    /// draw the start-up rebuild's status lookups away from `audit_agent_status`.
    static let versionAuditContext = """
        ALTER TABLE audit_log ADD COLUMN actor_role TEXT;
        ALTER TABLE audit_log ADD COLUMN address TEXT;
        ALTER TABLE audit_log ADD COLUMN user_agent TEXT;
        """

    /// What a message carries besides its readable text: the provider's structured fields (media id and type, caption,
    /// file name, coordinates, reaction, reply, author `bot` for a chatbot's line before handover), as a JSON object.
    static let versionMessageContent = """
        ALTER TABLE messages ADD COLUMN content TEXT;
        """

    /// Each campaign's dispositions: the outcomes an agent picks from when closing (in the administrator's order).
    static let versionCampaignDispositions = """
        CREATE TABLE campaign_dispositions (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (campaign_id, position)
        );
        """

    /// The center's pause reasons (one list for every campaign, DECISIONS.md): what agents and supervisors pick
    /// from, besides free text.
    static let versionPauseReasons = """
        CREATE TABLE pause_reasons (
            position INTEGER PRIMARY KEY,
            name TEXT NOT NULL
        );
        """

    /// A disabled user (`switchboard user disable`): kept with its recordings and audit trail, but it cannot log in.
    static let versionUserDisabled = """
        ALTER TABLE users ADD COLUMN disabled_at INTEGER;
        """

    /// Each campaign's message templates (DECISIONS.md: name, language, body with `{{1}}` parameters, and a content SID
    /// for classic providers), and what an outbound row sends when it is a template: its name, language, content SID and the
    /// parameters joined by U+001F (refused in a value; the row's `body` keeps the filled-in text the transcript shows). Outside the 24-hour care window only a
    /// template may be sent.
    static let versionCampaignTemplates = """
        CREATE TABLE campaign_templates (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            language TEXT NOT NULL,
            body TEXT NOT NULL,
            content_sid TEXT,
            created_at INTEGER NOT NULL,
            UNIQUE (campaign_id, name, language)
        );
        ALTER TABLE outbound ADD COLUMN template_name TEXT;
        ALTER TABLE outbound ADD COLUMN template_language TEXT;
        ALTER TABLE outbound ADD COLUMN template_content_sid TEXT;
        ALTER TABLE outbound ADD COLUMN template_parameters TEXT;
        """

    /// Kiosk links (issue 14): a read-only TV wallboard of some campaigns, opened by a long random token of which only the
    /// hash is kept; revoked, never deleted (the audit names them).
    static let versionKioskLinks = """
        CREATE TABLE kiosk_links (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            token_hash BLOB NOT NULL UNIQUE,
            created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );
        CREATE TABLE kiosk_link_campaigns (
            link_id INTEGER NOT NULL REFERENCES kiosk_links(id) ON DELETE CASCADE,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            PRIMARY KEY (link_id, campaign_id)
        );
        """

    /// The agent and end-time indexes hold only the rows that have one. A new interaction has neither (it waits in the
    /// queue), so recording a new customer's first message writes two index entries fewer; taking it adds its agent's
    /// entry instead of moving one. Every query of either column names a value (`agent_id = ?`, `ended_at >= ?`),
    /// which implies IS NOT NULL, so SQLite uses them as before.
    static let versionPartialSearchIndexes = """
        DROP INDEX interactions_by_agent;
        CREATE INDEX interactions_by_agent ON interactions(agent_id, enqueued_at) WHERE agent_id IS NOT NULL;
        DROP INDEX interactions_by_end;
        CREATE INDEX interactions_by_end ON interactions(ended_at) WHERE ended_at IS NOT NULL;
        """

    /// The live states, as `interactions_open` and the queries that use it state them (word for word: SQLite matches a
    /// partial index's condition against the query's terms as written).
    static let openCondition = "state = 'queued' OR state = 'reserved' OR state = 'active'"

    /// Connection settings for the writer: WAL, the durability's synchronous level, foreign keys on.
    static func configureWriter(_ connection: SQLiteConnection, _ configuration: StoreConfiguration) throws(StoreError) {
        try connection.execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = \(configuration.durability == .full ? "FULL" : "NORMAL");
            PRAGMA foreign_keys = ON;
            PRAGMA cache_size = -\(configuration.cacheSizeKiB);
            PRAGMA temp_store = MEMORY;
            PRAGMA busy_timeout = 5000;
            PRAGMA wal_autocheckpoint = \(configuration.checkpointPages);
            """)
    }

    /// Whether this SQLite library has FTS5 compiled in.
    static func hasFTS5() -> Bool {
        sqlite3_compileoption_used("ENABLE_FTS5") != 0
    }
}
