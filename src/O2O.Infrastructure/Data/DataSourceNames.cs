namespace O2O.Infrastructure.Data;

/// <summary>
/// The names of the app's Npgsql data sources, one per role: what an operator reads as the pool's name in the
/// <c>db.client.connection.*</c> metrics.
/// </summary>
public static class DataSourceNames
{
    /// <summary><c>ConnectionStrings:O2O</c>: every write, and the reads that must see them.</summary>
    public const string Primary = "o2o-primary";

    /// <summary><c>ConnectionStrings:O2OReadOnly</c>: the shopper reads that may lag (ADR 59); absent when unset.</summary>
    public const string Replica = "o2o-replica";

    /// <summary><c>ConnectionStrings:O2OListen</c> (else the primary's string): the live board's LISTEN connection (ADR 58).</summary>
    public const string Listen = "o2o-listen";
}
