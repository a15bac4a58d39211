using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Admin;

/// <summary>
/// Bulk stock from a CSV with the header <c>storeCode,sku,onHand</c>, read by a CSV reader (quoted fields, separators
/// and line breaks inside quotes, a byte-order mark). A file with other columns, or that is not CSV, is rejected whole.
/// Otherwise valid rows are applied and each invalid row is reported with its line number, the cells as written and a
/// reason (the same rules and codes as the stock-sync endpoint, plus the CSV's own).
/// </summary>
public sealed record ImportStockCsv(string Csv, string FileName, Actor Actor) : ICommand<Result<StockImportResult>>;

public sealed record StockImportResult(string BatchId, int Applied, int Rejected, IReadOnlyList<StockImportRow> Items);

/// <summary>One row of the file: <paramref name="Line"/> is where it starts, <paramref name="OnHand"/> the cell as written.</summary>
public sealed record StockImportRow(int Line, string? StoreCode, string? Sku, string? OnHand, string Status, string? Reason, string? Message);

public sealed class ImportStockCsvHandler(ISender sender) : ICommandHandler<ImportStockCsv, Result<StockImportResult>>
{
    public static readonly string[] Header = ["storeCode", "sku", "onHand"];
    public const int MaxRows = StockSyncValidator.MaxItems;

    private static readonly CsvConfiguration Format = new(CultureInfo.InvariantCulture)
    {
        Delimiter = ",",
        TrimOptions = TrimOptions.Trim,
        // Blank lines are skipped by hand, so that every physical line is counted and line numbers stay exact.
        IgnoreBlankLines = false,
    };

    private sealed record Row(int Line, string[] Cells);

    public async ValueTask<Result<StockImportResult>> Handle(ImportStockCsv command, CancellationToken ct)
    {
        var read = Read(command.Csv);
        if (read.Error is { } error) return error;
        var rows = read.Value!;
        if (rows.Count == 0) return Error.Invalid("file", Messages.Admin_CsvEmpty);
        var header = rows[0].Cells.Select((h, i) => i == 0 ? h.TrimStart('\uFEFF') : h).ToArray();
        if (!header.SequenceEqual(Header, StringComparer.OrdinalIgnoreCase))
            return Error.Invalid("file", Texts.Format(Messages.Admin_CsvColumns, string.Join(",", Header), string.Join(",", header)));
        if (rows.Count == 1) return Error.Invalid("file", Messages.Admin_CsvNoRows);

        // Rows the CSV itself makes invalid are answered here; the others go to stock sync, which knows stores and products.
        var answers = new StockImportRow?[rows.Count - 1];
        var sent = new List<(int Slot, StockSyncItem Item)>();
        for (var i = 1; i < rows.Count; i++)
        {
            var (line, cells) = rows[i];
            string? Cell(int n) => n < cells.Length && cells[n].Length > 0 ? cells[n] : null;
            string? reason = cells.Length != Header.Length ? StockImportReasons.WrongFieldCount
                : Cell(2) is { } text && !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? StockImportReasons.InvalidOnHand
                : null;
            if (reason is not null) answers[i - 1] = Rejected(line, Cell(0), Cell(1), Cell(2), reason);
            else sent.Add((i - 1, new StockSyncItem(Cell(0), Cell(1), Cell(2) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : null)));
        }

        // Each import is its own batch: re-importing the same file applies it again, on purpose.
        var batchId = $"csv:{(command.FileName.Length > 60 ? command.FileName[..60] : command.FileName)}:{Guid.NewGuid():N}";
        if (sent.Count > 0)
        {
            var synced = await sender.Send(new StockSync(batchId, sent.Select(s => s.Item).ToList(), command.Actor), ct);
            foreach (var item in synced.Items)
            {
                var slot = sent[item.Index].Slot;
                var row = rows[slot + 1];
                answers[slot] = new StockImportRow(row.Line, item.StoreCode, item.Sku, row.Cells[2].Length > 0 ? row.Cells[2] : null, item.Status,
                    item.Reason, item.Reason is null ? null : StockImportReasons.Describe(item.Reason));
            }
        }
        var items = answers.Select(a => a!).ToList();
        return new StockImportResult(batchId, items.Count(r => r.Status == "applied"), items.Count(r => r.Status == "rejected"), items);
    }

    private static StockImportRow Rejected(int line, string? storeCode, string? sku, string? onHand, string reason) =>
        new(line, storeCode, sku, onHand, "rejected", reason, StockImportReasons.Describe(reason));

    private static Result<List<Row>> Read(string csv)
    {
        var rows = new List<Row>();
        using var parser = new CsvParser(new StringReader(csv), Format);
        var linesRead = 0;
        try
        {
            while (parser.Read())
            {
                // RawRow counts physical lines: a record with a quoted line break spans several, and starts after the last.
                var line = linesRead + 1;
                linesRead = parser.RawRow;
                var cells = parser.Record ?? [];
                if (cells.All(c => c.Length == 0)) continue; // a blank line
                if (rows.Count == MaxRows + 1) return Error.Invalid("file", Texts.Format(Messages.Admin_CsvTooManyRows, MaxRows));
                rows.Add(new Row(line, cells));
            }
        }
        catch (CsvHelperException)
        {
            return Error.Invalid("file", Texts.Format(Messages.Admin_CsvMalformed, linesRead + 1));
        }
        return rows;
    }
}

/// <summary>What each rejection code means, in the words the back office shows next to the row.</summary>
public static class StockImportReasons
{
    public const string WrongFieldCount = "wrong_field_count";
    public const string InvalidOnHand = "invalid_on_hand";

    private static readonly Dictionary<string, Func<string>> Texts = new()
    {
        [WrongFieldCount] = () => Messages.StockRow_WrongFieldCount,
        [InvalidOnHand] = () => Messages.StockRow_InvalidOnHand,
        ["unknown_store"] = () => Messages.StockRow_UnknownStore,
        ["unknown_sku"] = () => Messages.StockRow_UnknownSku,
        ["missing_on_hand"] = () => Messages.StockRow_MissingOnHand,
        ["negative_on_hand"] = () => Messages.StockRow_NegativeOnHand,
        ["below_reserved"] = () => Messages.StockRow_BelowReserved,
    };

    /// <summary>The message for a code, in the reader's language; a code added to stock sync later shows as itself until it gets one.</summary>
    public static string Describe(string reason) => Texts.TryGetValue(reason, out var text) ? text() : reason;
}
