namespace Clientele.Data.Store;

// How to write a migration (each runs unchanged on DuckDB and on PostgreSQL; tests/Clientele.Data.Tests runs them on both):
// - Types both engines know: VARCHAR, INTEGER, BIGINT, BOOLEAN, DECIMAL(p, s), DOUBLE PRECISION (not DOUBLE), BYTEA
//   (not BLOB), DATE, TIMESTAMP (without time zone; the store keeps UTC as it reads). No LIST, STRUCT, MAP, HUGEINT, UBIGINT.
// - Plain DDL: CREATE TABLE / VIEW / INDEX, ALTER TABLE … ADD COLUMN … [DEFAULT constant], PRIMARY KEY, UNIQUE, NOT NULL.
//   No CREATE OR REPLACE TABLE, no sequences or generated columns; statements separated by ';'.
// - Views and queries in SQL both accept: FILTER (WHERE …), bool_or, mode() WITHIN GROUP (ORDER BY x),
//   (array_agg(x ORDER BY y))[1] instead of first/arg_max, date - date (a day count; CAST it to BIGINT) instead of
//   date_diff, x ~ '^…$' instead of regexp_full_match, GROUP BY 1, 2 instead of GROUP BY ALL, an alias on every
//   subquery in FROM, ORDER BY text COLLATE "C" where the order is used (PostgreSQL's default collation is the locale's).
// - A migration for one engine only (OnlyOn) is recorded on the other without running, so the versions stay the same.
// - Never change a published migration's meaning; re-spelling it so both engines take it, with the same DuckDB
//   schema, is allowed (DuckDB reads DOUBLE PRECISION as DOUBLE and BYTEA as BLOB), so existing stores still open.

/// <summary>
/// The store's schema, as an ordered list of migrations. A store records the highest version applied;
/// opening it applies the rest, each in its own transaction. Never edit a published migration: add one.
/// </summary>
internal static class Migrations
{
    internal sealed record Migration(int Version, string Description, string Sql)
    {
        /// <summary>
        /// The one engine the SQL runs on, or null for both. On the other engine the migration changes nothing and is
        /// recorded all the same, so both engines' stores reach the same version.
        /// </summary>
        public StoreKind? OnlyOn { get; init; }

        /// <summary>Whether the SQL runs on a store of <paramref name="kind"/>.</summary>
        public bool RunsOn(StoreKind kind) => OnlyOn is null || OnlyOn == kind;
    }

    internal static readonly IReadOnlyList<Migration> All =
    [
        new(1, "customers, products, order lines, source files and their rejects", """
            CREATE TABLE source_files (
                file_id        INTEGER PRIMARY KEY,
                path           VARCHAR NOT NULL,
                sha256         VARCHAR NOT NULL UNIQUE,
                bytes          BIGINT NOT NULL,
                layout         VARCHAR NOT NULL,
                rows_read      BIGINT NOT NULL,
                rows_accepted  BIGINT NOT NULL,
                rows_rejected  BIGINT NOT NULL,
                return_lines   BIGINT NOT NULL,
                rejects_path   VARCHAR,
                ingested_at    TIMESTAMP NOT NULL
            );
            CREATE TABLE source_file_rejects (
                file_id  INTEGER NOT NULL,
                reason   VARCHAR NOT NULL,
                column_name VARCHAR,
                rows     BIGINT NOT NULL
            );
            CREATE TABLE customers (
                customer_id VARCHAR PRIMARY KEY,
                country     VARCHAR
            );
            CREATE TABLE products (
                product_id  VARCHAR PRIMARY KEY,
                description VARCHAR
            );
            CREATE TABLE order_lines (
                file_id     INTEGER NOT NULL,
                line_number BIGINT NOT NULL,
                order_id    VARCHAR NOT NULL,
                customer_id VARCHAR NOT NULL,
                product_id  VARCHAR,
                description VARCHAR,
                quantity    INTEGER NOT NULL,
                unit_price  DECIMAL(18, 6),
                amount      DECIMAL(24, 6) NOT NULL,
                ordered_at  TIMESTAMP NOT NULL,
                is_return   BOOLEAN NOT NULL,
                country     VARCHAR
            );
            CREATE VIEW orders AS
                SELECT order_id, customer_id,
                       min(ordered_at) AS ordered_at,
                       bool_or(is_return) AS is_return,
                       count(*) AS lines,
                       sum(amount) AS amount
                FROM order_lines
                GROUP BY order_id, customer_id;
            """),
        new(2, "product catalogue fields, catalogue lines, reviews, product text embeddings", """
            ALTER TABLE products ADD COLUMN title VARCHAR;
            ALTER TABLE products ADD COLUMN category VARCHAR;
            ALTER TABLE products ADD COLUMN price DECIMAL(18, 6);
            CREATE TABLE product_lines (
                file_id     INTEGER NOT NULL,
                line_number BIGINT NOT NULL,
                product_id  VARCHAR NOT NULL,
                title       VARCHAR,
                description VARCHAR,
                category    VARCHAR,
                price       DECIMAL(18, 6)
            );
            CREATE TABLE reviews (
                file_id     INTEGER NOT NULL,
                line_number BIGINT NOT NULL,
                customer_id VARCHAR NOT NULL,
                product_id  VARCHAR,
                rating      DOUBLE PRECISION NOT NULL,
                text        VARCHAR,
                reviewed_at TIMESTAMP NOT NULL
            );
            CREATE TABLE product_embeddings (
                product_id  VARCHAR NOT NULL,
                model       VARCHAR NOT NULL,
                text_sha256 VARCHAR NOT NULL,
                dimensions  INTEGER NOT NULL,
                vector      BYTEA NOT NULL,
                PRIMARY KEY (product_id, model)
            );
            """),
        new(3, "campaigns, their assignments and results", """
            CREATE TABLE campaigns (
                campaign_id  VARCHAR PRIMARY KEY,
                name         VARCHAR NOT NULL,
                seed         VARCHAR NOT NULL,
                start_date   DATE NOT NULL,
                end_date     DATE NOT NULL,
                spec_file    VARCHAR NOT NULL,
                spec_text    VARCHAR NOT NULL,
                as_of        DATE,
                planned_at   TIMESTAMP NOT NULL
            );
            CREATE TABLE campaign_assignments (
                campaign_id  VARCHAR NOT NULL,
                customer_id  VARCHAR NOT NULL,
                arm          VARCHAR NOT NULL,
                arm_kind     VARCHAR NOT NULL,
                segment      VARCHAR NOT NULL,
                bucket       DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (campaign_id, customer_id)
            );
            CREATE TABLE campaign_results (
                campaign_id      VARCHAR NOT NULL,
                segment          VARCHAR NOT NULL,
                arm              VARCHAR NOT NULL,
                metric           VARCHAR NOT NULL,
                customers        BIGINT NOT NULL,
                conversions      BIGINT NOT NULL,
                revenue          DOUBLE PRECISION NOT NULL,
                effect           DOUBLE PRECISION,
                lower_bound      DOUBLE PRECISION,
                upper_bound      DOUBLE PRECISION,
                p_value          DOUBLE PRECISION,
                adjusted_p_value DOUBLE PRECISION,
                analyzed_at      TIMESTAMP NOT NULL
            );
            """),
        new(4, "each file's count of prices rounded from floating-point artefacts, kept with its account", """
            ALTER TABLE source_files ADD COLUMN rounded_prices BIGINT DEFAULT 0;
            """),
        new(5, "per-customer summaries and the per-day, per-order, per-product and per-product-day state they are kept from (docs/summaries.md)", SummarySchema.CreateTables + SummarySchema.CreateKeys),
        new(6, "the model registry, each version's artifacts, and per-customer results keyed by model version", """
            CREATE TABLE model_versions (
                version     BIGINT PRIMARY KEY,
                kind        VARCHAR NOT NULL,
                fitted_at   TIMESTAMP NOT NULL,
                as_of       DATE,
                options     VARCHAR NOT NULL,
                parameters  VARCHAR NOT NULL,
                metrics     VARCHAR NOT NULL,
                data        VARCHAR NOT NULL,
                is_current  BOOLEAN NOT NULL
            );
            CREATE TABLE model_artifacts (
                version  BIGINT NOT NULL,
                name     VARCHAR NOT NULL,
                content  BYTEA NOT NULL,
                PRIMARY KEY (version, name)
            );
            CREATE TABLE segment_results (
                version             BIGINT NOT NULL,
                customer_id         VARCHAR NOT NULL,
                first_purchase      TIMESTAMP NOT NULL,
                last_purchase       TIMESTAMP NOT NULL,
                recency_days        INTEGER NOT NULL,
                frequency           INTEGER NOT NULL,
                monetary            DECIMAL(24, 6) NOT NULL,
                tenure_days         INTEGER NOT NULL,
                average_order_value DOUBLE PRECISION NOT NULL,
                distinct_products   INTEGER NOT NULL,
                return_rate         DOUBLE PRECISION NOT NULL,
                r_score             INTEGER NOT NULL,
                f_score             INTEGER NOT NULL,
                m_score             INTEGER NOT NULL,
                rfm_segment         VARCHAR NOT NULL,
                cluster             INTEGER,
                PRIMARY KEY (version, customer_id)
            );
            CREATE TABLE value_results (
                version             BIGINT NOT NULL,
                customer_id         VARCHAR NOT NULL,
                expected_purchases  DOUBLE PRECISION,
                p_alive             DOUBLE PRECISION,
                expected_avg_spend  DOUBLE PRECISION,
                clv                 DOUBLE PRECISION,
                churn_risk          DOUBLE PRECISION,
                p_high_value        DOUBLE PRECISION,
                PRIMARY KEY (version, customer_id)
            );
            CREATE TABLE recommendation_results (
                version      BIGINT NOT NULL,
                customer_id  VARCHAR NOT NULL,
                rank         INTEGER NOT NULL,
                product_id   VARCHAR NOT NULL,
                score        DOUBLE PRECISION NOT NULL,
                basis        VARCHAR NOT NULL,
                PRIMARY KEY (version, customer_id, rank)
            );
            CREATE TABLE similar_product_results (
                version     BIGINT NOT NULL,
                product_id  VARCHAR NOT NULL,
                rank        INTEGER NOT NULL,
                similar_id  VARCHAR NOT NULL,
                score       DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (version, product_id, rank)
            );
            CREATE VIEW current_models AS SELECT * FROM model_versions WHERE is_current;
            CREATE VIEW current_segment_results AS
                SELECT r.* FROM segment_results r JOIN model_versions m ON m.version = r.version WHERE m.is_current;
            CREATE VIEW current_value_results AS
                SELECT r.* FROM value_results r JOIN model_versions m ON m.version = r.version WHERE m.is_current;
            CREATE VIEW current_recommendations AS
                SELECT r.* FROM recommendation_results r JOIN model_versions m ON m.version = r.version WHERE m.is_current;
            CREATE VIEW current_similar_products AS
                SELECT r.* FROM similar_product_results r JOIN model_versions m ON m.version = r.version WHERE m.is_current;
            """),
        new(7, "behaviour events (views, cart adds and removes, searches, wishlist adds, purchases) with the file they came from, and their sessions (given, or by a 30-minute gap) (docs/events.md)", """
            CREATE TABLE events (
                file_id      INTEGER NOT NULL,
                line_number  BIGINT NOT NULL,
                event_id     VARCHAR NOT NULL,
                event_type   VARCHAR NOT NULL,
                customer_id  VARCHAR,
                visitor_id   VARCHAR,
                session_id   VARCHAR,
                product_id   VARCHAR,
                category     VARCHAR,
                query        VARCHAR,
                occurred_at  TIMESTAMP NOT NULL,
                properties   VARCHAR
            );
            CREATE UNIQUE INDEX events_event_id ON events (event_id);
            CREATE INDEX events_customer_time ON events (customer_id, occurred_at);
            CREATE INDEX events_visitor_time ON events (visitor_id, occurred_at);
            CREATE VIEW event_sessions AS
                SELECT file_id, line_number, event_id, event_type, customer_id, visitor_id, session_id, product_id, category, query, occurred_at, properties,
                       person, coalesce(session_id, person || '#' || CAST(gap_session AS VARCHAR)) AS session
                FROM (
                    SELECT g.*, sum(CASE WHEN previous IS NULL OR occurred_at - previous > INTERVAL '30 minutes' THEN 1 ELSE 0 END)
                                OVER (PARTITION BY person ORDER BY occurred_at, event_id ROWS UNBOUNDED PRECEDING) AS gap_session
                    FROM (
                        SELECT e.*, coalesce(e.customer_id, e.visitor_id) AS person,
                               lag(e.occurred_at) OVER (PARTITION BY coalesce(e.customer_id, e.visitor_id) ORDER BY e.occurred_at, e.event_id) AS previous
                        FROM events e) AS g) AS s;
            """),
        new(8, "behaviour summaries: per person and day, category viewed and session, and one row per person, kept from the events in bulk or one event at a time (docs/behaviour.md)", BehaviourSchema.CreateTables + BehaviourSchema.CreateKeys),
        new(9, "visitors linked to customers: event_people gives each event the customer its visitor id is linked to by an event carrying both ids; event_sessions counts for that person and cuts gap sessions among the events without a session id only (docs/events.md)", $"""
            DROP VIEW event_sessions;
            CREATE VIEW event_people AS
            {BehaviourSchema.PeopleSql("events")};
            CREATE VIEW event_sessions AS
                SELECT file_id, line_number, event_id, event_type, customer_id, visitor_id, session_id, product_id, category, query, occurred_at, properties,
                       person, coalesce(session_id, person || '#' || CAST(gap_session AS VARCHAR)) AS session, linked_customer_id
                FROM (
                    SELECT g.*, sum(CASE WHEN session_id IS NULL AND (previous IS NULL OR occurred_at - previous > INTERVAL '30 minutes') THEN 1 ELSE 0 END)
                                OVER (PARTITION BY person, session_id ORDER BY occurred_at, event_id ROWS UNBOUNDED PRECEDING) AS gap_session
                    FROM (
                        SELECT p.*, lag(p.occurred_at) OVER (PARTITION BY p.person, p.session_id ORDER BY p.occurred_at, p.event_id) AS previous
                        FROM event_people p) AS g) AS s;
            """),
        new(10, "the product catalogue with the categories seen in events: product_catalogue is products, plus every product seen in events, with the category its events most often carry where the catalogue has none (docs/events.md)", """
            CREATE VIEW product_event_categories AS
                SELECT product_id, category, events
                FROM (SELECT product_id, category, count(*) AS events,
                             row_number() OVER (PARTITION BY product_id ORDER BY count(*) DESC, category COLLATE "C") AS place
                      FROM events
                      WHERE product_id IS NOT NULL AND nullif(trim(category), '') IS NOT NULL
                      GROUP BY product_id, category) AS ranked
                WHERE place = 1;
            CREATE VIEW product_catalogue AS
                SELECT coalesce(p.product_id, e.product_id) AS product_id, p.description, p.title,
                       coalesce(nullif(trim(p.category), ''), e.category) AS category, p.price,
                       nullif(trim(p.category), '') IS NULL AND e.category IS NOT NULL AS category_from_events
                FROM products p FULL OUTER JOIN product_event_categories e ON e.product_id = p.product_id;
            """),
        new(11, "recommendation_results without its primary key on DuckDB: a million customers' top 10 are ten million rows whose key DuckDB built and committed on every recommend (the larger part of saving them), and no batch command reads a list by its key; PostgreSQL, the live service's store, keeps the key for its per-customer reads (docs/recommend.md)", """
            DROP VIEW current_recommendations;
            CREATE TABLE recommendation_results_unkeyed (
                version      BIGINT NOT NULL,
                customer_id  VARCHAR NOT NULL,
                rank         INTEGER NOT NULL,
                product_id   VARCHAR NOT NULL,
                score        DOUBLE PRECISION NOT NULL,
                basis        VARCHAR NOT NULL
            );
            INSERT INTO recommendation_results_unkeyed SELECT version, customer_id, rank, product_id, score, basis FROM recommendation_results;
            DROP TABLE recommendation_results;
            ALTER TABLE recommendation_results_unkeyed RENAME TO recommendation_results;
            CREATE VIEW current_recommendations AS
                SELECT r.* FROM recommendation_results r JOIN model_versions m ON m.version = r.version WHERE m.is_current;
            """) { OnlyOn = StoreKind.DuckDb },
        new(12, "model artifacts in parts of up to 64 MiB: ten million customers' factors are 2.5 GB, more than one array, one DuckDB value or one PostgreSQL bytea (1 GB) holds (docs/state.md)", """
            CREATE TABLE model_artifact_parts (
                version  BIGINT NOT NULL,
                name     VARCHAR NOT NULL,
                part     INTEGER NOT NULL,
                content  BYTEA NOT NULL,
                PRIMARY KEY (version, name, part)
            );
            INSERT INTO model_artifact_parts (version, name, part, content) SELECT version, name, 0, content FROM model_artifacts;
            DROP TABLE model_artifacts;
            """),
        new(13, "the live service: API keys (hashed, with a role), every event id it accepted (unique for ever, so a retried batch changes nothing) and the erased customers' tombstones (a hash, not the id) (docs/service.md)", """
            CREATE TABLE api_keys (
                key_id      VARCHAR PRIMARY KEY,
                key_hash    VARCHAR NOT NULL UNIQUE,
                role        VARCHAR NOT NULL,
                created_at  TIMESTAMP NOT NULL,
                revoked_at  TIMESTAMP
            );
            CREATE TABLE received_events (
                event_id     VARCHAR PRIMARY KEY,
                sequence     BIGINT NOT NULL UNIQUE,
                event_type   VARCHAR NOT NULL,
                customer_id  VARCHAR NOT NULL,
                occurred_at  TIMESTAMP NOT NULL,
                received_at  TIMESTAMP NOT NULL
            );
            CREATE TABLE erased_customers (
                customer_hash  VARCHAR PRIMARY KEY,
                erased_at      TIMESTAMP NOT NULL
            );
            """),
        new(14, "the live events' sequence numbers handed out by the store, a block per group commit, so that several writers (the cluster's silos) never give two events one number (docs/cluster.md)", """
            CREATE TABLE live_sequences (
                name  VARCHAR PRIMARY KEY,
                last  BIGINT NOT NULL
            );
            INSERT INTO live_sequences (name, last) SELECT 'received_events', coalesce(max(sequence), 0) FROM received_events;
            """),
        new(15, "segment_results and value_results without their primary keys on DuckDB, as recommendation_results (migration 11): every segment and value run writes a row per customer, and DuckDB built and committed the key over every version's rows on each (at ten million customers a five-second spike of some 6 GB while value's rows were saved); the batch commands read a version's rows whole, and each run writes each customer once. PostgreSQL keeps the keys (docs/state.md)", """
            DROP VIEW current_segment_results;
            DROP VIEW current_value_results;
            CREATE TABLE segment_results_unkeyed (
                version             BIGINT NOT NULL,
                customer_id         VARCHAR NOT NULL,
                first_purchase      TIMESTAMP NOT NULL,
                last_purchase       TIMESTAMP NOT NULL,
                recency_days        INTEGER NOT NULL,
                frequency           INTEGER NOT NULL,
                monetary            DECIMAL(24, 6) NOT NULL,
                tenure_days         INTEGER NOT NULL,
                average_order_value DOUBLE PRECISION NOT NULL,
                distinct_products   INTEGER NOT NULL,
                return_rate         DOUBLE PRECISION NOT NULL,
                r_score             INTEGER NOT NULL,
                f_score             INTEGER NOT NULL,
                m_score             INTEGER NOT NULL,
                rfm_segment         VARCHAR NOT NULL,
                cluster             INTEGER
            );
            INSERT INTO segment_results_unkeyed SELECT * FROM segment_results;
            DROP TABLE segment_results;
            ALTER TABLE segment_results_unkeyed RENAME TO segment_results;
            CREATE TABLE value_results_unkeyed (
                version             BIGINT NOT NULL,
                customer_id         VARCHAR NOT NULL,
                expected_purchases  DOUBLE PRECISION,
                p_alive             DOUBLE PRECISION,
                expected_avg_spend  DOUBLE PRECISION,
                clv                 DOUBLE PRECISION,
                churn_risk          DOUBLE PRECISION,
                p_high_value        DOUBLE PRECISION
            );
            INSERT INTO value_results_unkeyed SELECT * FROM value_results;
            DROP TABLE value_results;
            ALTER TABLE value_results_unkeyed RENAME TO value_results;
            CREATE VIEW current_segment_results AS
                SELECT r.* FROM segment_results r JOIN model_versions m ON m.version = r.version WHERE m.is_current;
            CREATE VIEW current_value_results AS
                SELECT r.* FROM value_results r JOIN model_versions m ON m.version = r.version WHERE m.is_current;
            """) { OnlyOn = StoreKind.DuckDb },
        new(16, "per-product summaries: each product's purchase and return lines, units, money, buyers, orders, first and last sale, views, cart adds and wishlist adds, kept from the order lines and events in bulk or one event at a time, so that a product's popularity is one row, not a scan of its lines (docs/summaries.md); filled here once, since a store whose other summaries are current is not rebuilt", ProductSummarySchema.CreateTables + ProductSummariesFromOrderLines + ProductSummarySchema.CreateKeys),
        new(17, "order lines indexed by customer and order on PostgreSQL: a live purchase asks whether its order already had a line of its product (a product's order count), and an erasure deletes a customer's lines; DuckDB, whose live service is for one machine, scans them rather than keep an index its bulk ingest would pay for (docs/summaries.md)", """
            CREATE INDEX order_lines_customer_order ON order_lines (customer_id, order_id);
            """) { OnlyOn = StoreKind.PostgreSql },
        // The table and the current_recommendations view are migration 11's, written out again with the named methods: a
        // migration keeps its own text (as 19 does with the orders view).
        new(18, "recommendation_results' customer and product ids stored with FSST, and its basis with a dictionary, on DuckDB: left to choose, DuckDB analysed every segment of ten million rows' ids for each compression before writing it, a sixth of recommend's save at a million customers, to settle on these (docs/recommend.md)", """
            DROP VIEW current_recommendations;
            CREATE TABLE recommendation_results_named (
                version      BIGINT NOT NULL,
                customer_id  VARCHAR USING COMPRESSION fsst NOT NULL,
                rank         INTEGER NOT NULL,
                product_id   VARCHAR USING COMPRESSION fsst NOT NULL,
                score        DOUBLE PRECISION NOT NULL,
                basis        VARCHAR USING COMPRESSION dictionary NOT NULL
            );
            INSERT INTO recommendation_results_named SELECT version, customer_id, rank, product_id, score, basis FROM recommendation_results;
            DROP TABLE recommendation_results;
            ALTER TABLE recommendation_results_named RENAME TO recommendation_results;
            CREATE VIEW current_recommendations AS
                SELECT r.* FROM recommendation_results r JOIN model_versions m ON m.version = r.version WHERE m.is_current;
            """) { OnlyOn = StoreKind.DuckDb },
        // The orders view is migration 1's, written out again: a migration keeps its own text, so that a later change to
        // one cannot change what an earlier one did.
        new(19, "order_lines names its string columns' compression on DuckDB, FSST for the order and customer ids and a dictionary for the product ids, descriptions and countries (what DuckDB itself settled on), so that an ingest does not analyse every segment of them for each method first: a sixth of the insert of eleven million lines (docs/ingest.md). The lines are copied once", """
            DROP VIEW orders;
            CREATE TABLE order_lines_named (
                file_id     INTEGER NOT NULL,
                line_number BIGINT NOT NULL,
                order_id    VARCHAR USING COMPRESSION fsst NOT NULL,
                customer_id VARCHAR USING COMPRESSION fsst NOT NULL,
                product_id  VARCHAR USING COMPRESSION dictionary,
                description VARCHAR USING COMPRESSION dictionary,
                quantity    INTEGER NOT NULL,
                unit_price  DECIMAL(18, 6),
                amount      DECIMAL(24, 6) NOT NULL,
                ordered_at  TIMESTAMP NOT NULL,
                is_return   BOOLEAN NOT NULL,
                country     VARCHAR USING COMPRESSION dictionary
            );
            INSERT INTO order_lines_named
                SELECT file_id, line_number, order_id, customer_id, product_id, description, quantity, unit_price, amount, ordered_at, is_return, country
                FROM order_lines;
            DROP TABLE order_lines;
            ALTER TABLE order_lines_named RENAME TO order_lines;
            CREATE VIEW orders AS
                SELECT order_id, customer_id,
                       min(ordered_at) AS ordered_at,
                       bool_or(is_return) AS is_return,
                       count(*) AS lines,
                       sum(amount) AS amount
                FROM order_lines
                GROUP BY order_id, customer_id;
            """) { OnlyOn = StoreKind.DuckDb },
        new(20, "summary_checks: the state of the store (its line counts, summary rows and ingested files) at which a rebuild made the customer summaries, so that a later command, in another process, knows them current from that state without summing every order line's amount again (a third of a second per command at eleven million lines; docs/summaries.md)", """
            CREATE TABLE summary_checks (
                summaries VARCHAR PRIMARY KEY,
                state     VARCHAR NOT NULL
            );
            """),
    ];

    /// <summary>
    /// Migration 16's fill, as it was written: from the order lines themselves, since a store opened then may hold
    /// <c>customer_products</c> rows an ingest has outdated, which the rebuilds' statement (<see cref="ProductSummarySchema.FillSql"/>,
    /// through those rows) would copy. A migration stands alone; this one's text does not follow later changes.
    /// </summary>
    private const string ProductSummariesFromOrderLines = """
        INSERT INTO product_summaries (product_id, purchase_lines, return_lines, quantity, returned_quantity, purchased, returned, buyers, purchase_orders,
                                       first_purchase_at, last_purchase_at, views, cart_adds, wishlist_adds)
        SELECT coalesce(l.product_id, e.product_id),
               coalesce(l.purchase_lines, 0), coalesce(l.return_lines, 0), coalesce(l.quantity, 0), coalesce(l.returned_quantity, 0),
               coalesce(l.purchased, 0), coalesce(l.returned, 0), coalesce(l.buyers, 0), coalesce(l.purchase_orders, 0),
               l.first_purchase_at, l.last_purchase_at,
               coalesce(e.views, 0), coalesce(e.cart_adds, 0), coalesce(e.wishlist_adds, 0)
        FROM (
            SELECT product_id,
                   CAST(sum(purchase_lines) AS BIGINT) AS purchase_lines, CAST(sum(return_lines) AS BIGINT) AS return_lines,
                   CAST(sum(quantity) AS BIGINT) AS quantity, CAST(sum(returned_quantity) AS BIGINT) AS returned_quantity,
                   sum(purchased) AS purchased, sum(returned) AS returned,
                   count(DISTINCT customer_id) FILTER (WHERE purchase_lines > 0) AS buyers,
                   count(*) FILTER (WHERE purchase_lines > 0) AS purchase_orders,
                   min(first_purchase_at) AS first_purchase_at, max(last_purchase_at) AS last_purchase_at
            FROM (
                SELECT product_id, customer_id, order_id,
                       count(*) FILTER (WHERE NOT is_return) AS purchase_lines,
                       count(*) FILTER (WHERE is_return) AS return_lines,
                       coalesce(sum(quantity) FILTER (WHERE NOT is_return), 0) AS quantity,
                       coalesce(-sum(quantity) FILTER (WHERE is_return), 0) AS returned_quantity,
                       coalesce(sum(amount) FILTER (WHERE NOT is_return), 0) AS purchased,
                       coalesce(-sum(amount) FILTER (WHERE is_return), 0) AS returned,
                       min(ordered_at) FILTER (WHERE NOT is_return) AS first_purchase_at,
                       max(ordered_at) FILTER (WHERE NOT is_return) AS last_purchase_at
                FROM order_lines
                WHERE product_id IS NOT NULL
                GROUP BY product_id, customer_id, order_id) AS per_order
            GROUP BY product_id) AS l
        FULL OUTER JOIN (
            SELECT product_id,
                   count(*) FILTER (WHERE event_type = 'view') AS views,
                   count(*) FILTER (WHERE event_type = 'cart_add') AS cart_adds,
                   count(*) FILTER (WHERE event_type = 'wishlist_add') AS wishlist_adds
            FROM events
            WHERE product_id IS NOT NULL AND event_type IN ('view', 'cart_add', 'wishlist_add')
            GROUP BY product_id) AS e ON e.product_id = l.product_id;

        """;

    internal static int Latest => All[^1].Version;
}
