namespace Clientele.Data.Store;

/// <summary>
/// The summary tables' schema (added by migration 5): the per-customer summaries and the per-day, per-order,
/// per-product and per-product-day state they are kept from (docs/summaries.md). They hold nothing that
/// <c>order_lines</c> does not, so the bulk rebuild drops and re-creates them with this text (DuckDB re-inserting every
/// key of a keyed table in the transaction that deleted them is many times slower than filling a new table); a change
/// here needs a migration that re-creates them, followed by a rebuild.
/// </summary>
public static class SummarySchema
{
    /// <summary>The tables, in the order they are dropped.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["customer_summaries", "customer_product_days", "customer_products", "customer_orders", "customer_days"];

    /// <summary>
    /// <see cref="CreateTables"/> as the bulk rebuild runs it on <paramref name="kind"/>. On DuckDB every string column
    /// (the customer, order and product ids) is stored with FSST, named here: DuckDB otherwise analyses each segment of a
    /// string column for dictionary and FSST compression before writing it, and at a million customers' ids that
    /// analysis cost as much as the write (the four tables 1.1–1.7 s of 14.5 s), only to choose FSST for the customer
    /// and order ids (nearly every value distinct within a segment) and a dictionary for product ids, which FSST holds
    /// in about 19 MB more. The rows and their types are the same; PostgreSQL has no such clause.
    /// </summary>
    public static string CreateTablesFor(StoreKind kind) => kind == StoreKind.PostgreSql
        ? CreateTables
        : CreateTables.Replace(" VARCHAR NOT NULL", " VARCHAR USING COMPRESSION fsst NOT NULL", StringComparison.Ordinal);

    /// <summary>Creates the tables (DuckDB and PostgreSQL alike), without their keys (<see cref="CreateKeys"/>).</summary>
    public const string CreateTables = """
        CREATE TABLE customer_days (
            customer_id       VARCHAR NOT NULL,
            day               DATE NOT NULL,
            purchase_lines    BIGINT NOT NULL,
            return_lines      BIGINT NOT NULL,
            purchased         DECIMAL(38, 6) NOT NULL,
            returned          DECIMAL(38, 6) NOT NULL,
            first_line_at     TIMESTAMP NOT NULL,
            last_line_at      TIMESTAMP NOT NULL,
            first_purchase_at TIMESTAMP,
            last_purchase_at  TIMESTAMP
        );
        CREATE TABLE customer_orders (
            customer_id    VARCHAR NOT NULL,
            order_id       VARCHAR NOT NULL,
            purchase_lines BIGINT NOT NULL,
            return_lines   BIGINT NOT NULL,
            purchased      DECIMAL(38, 6) NOT NULL,
            returned       DECIMAL(38, 6) NOT NULL,
            first_line_at  TIMESTAMP NOT NULL,
            last_line_at   TIMESTAMP NOT NULL
        );
        CREATE TABLE customer_products (
            customer_id       VARCHAR NOT NULL,
            product_id        VARCHAR NOT NULL,
            purchase_lines    BIGINT NOT NULL,
            return_lines      BIGINT NOT NULL,
            quantity          BIGINT NOT NULL,
            returned_quantity BIGINT NOT NULL,
            purchased         DECIMAL(38, 6) NOT NULL,
            returned          DECIMAL(38, 6) NOT NULL,
            first_purchase_at TIMESTAMP,
            last_purchase_at  TIMESTAMP
        );
        CREATE TABLE customer_product_days (
            customer_id    VARCHAR NOT NULL,
            product_id     VARCHAR NOT NULL,
            day            DATE NOT NULL,
            purchase_lines BIGINT NOT NULL,
            return_lines   BIGINT NOT NULL
        );
        CREATE TABLE customer_summaries (
            customer_id           VARCHAR NOT NULL,
            first_line_at         TIMESTAMP NOT NULL,
            last_line_at          TIMESTAMP NOT NULL,
            purchase_lines        BIGINT NOT NULL,
            return_lines          BIGINT NOT NULL,
            first_purchase_at     TIMESTAMP,
            last_purchase_at      TIMESTAMP,
            purchase_days         BIGINT NOT NULL,
            purchase_orders       BIGINT NOT NULL,
            purchased             DECIMAL(38, 6) NOT NULL,
            returned              DECIMAL(38, 6) NOT NULL,
            distinct_products     BIGINT NOT NULL,
            transaction_days      BIGINT NOT NULL,
            first_transaction_day DATE,
            last_transaction_day  DATE,
            repeat_value          DECIMAL(38, 6) NOT NULL
        );
        """;

    /// <summary>
    /// The tables' unique keys, which the one-line-at-a-time upserts rely on: created after a bulk fill, where one
    /// sorted build of each index is quicker than keeping it row by row (on DuckDB only when a one-line writer is made,
    /// Clientele.Features' SummaryStatements says why). Each is <c>IF NOT EXISTS</c>, so running them again is harmless.
    /// </summary>
    public const string CreateKeys = """
        CREATE UNIQUE INDEX IF NOT EXISTS customer_days_key ON customer_days (customer_id, day);
        CREATE UNIQUE INDEX IF NOT EXISTS customer_orders_key ON customer_orders (customer_id, order_id);
        CREATE UNIQUE INDEX IF NOT EXISTS customer_products_key ON customer_products (customer_id, product_id);
        CREATE UNIQUE INDEX IF NOT EXISTS customer_product_days_key ON customer_product_days (customer_id, product_id, day);
        CREATE UNIQUE INDEX IF NOT EXISTS customer_summaries_key ON customer_summaries (customer_id);
        """;
}
