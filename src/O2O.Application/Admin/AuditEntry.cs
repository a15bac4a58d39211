using System.Text.Json;

namespace O2O.Application.Admin;

/// <summary>One staff or admin action: who, what, when, and the state before and after (JSON).</summary>
public sealed class AuditEntry
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private AuditEntry() { }

    public AuditEntry(DateTimeOffset at, string actor, string action, string entityType, string entityId, object? before, object? after)
    {
        At = at;
        Actor = actor;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        Before = before is null ? null : JsonSerializer.Serialize(before, Json);
        After = after is null ? null : JsonSerializer.Serialize(after, Json);
    }

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string Actor { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string EntityId { get; private set; } = "";
    public string? Before { get; private set; }
    public string? After { get; private set; }
}

/// <summary>A POS or ERP stock batch already applied, with the answer it got, so a replay changes nothing.</summary>
public sealed class StockSyncBatch
{
    private StockSyncBatch() { }

    public StockSyncBatch(string batchId, DateTimeOffset receivedAt, string resultJson)
    {
        BatchId = batchId;
        ReceivedAt = receivedAt;
        ResultJson = resultJson;
    }

    public string BatchId { get; private set; } = "";
    public DateTimeOffset ReceivedAt { get; private set; }
    public string ResultJson { get; private set; } = "";
}

/// <summary>An uploaded product image, kept in PostgreSQL so every app instance can serve it.</summary>
public sealed class ProductImage
{
    private ProductImage() { }

    public ProductImage(Guid id, Guid productId, string contentType, byte[] content, DateTimeOffset uploadedAt)
    {
        Id = id;
        ProductId = productId;
        ContentType = contentType;
        Content = content;
        UploadedAt = uploadedAt;
    }

    public Guid Id { get; private set; }
    public Guid ProductId { get; private set; }
    public string ContentType { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
    public DateTimeOffset UploadedAt { get; private set; }
}
