using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Common;

namespace O2O.Application.Admin;

/// <summary>
/// Bulk stock from a CSV with the header <c>storeCode,sku,onHand</c>. A file with other columns is rejected
/// whole. Otherwise valid rows are applied and each invalid row is reported with its line number and reason
/// (the same rules and the same per-row answer as the stock-sync endpoint).
/// </summary>
public sealed record ImportStockCsv(string Csv, string FileName, Actor Actor) : ICommand<Result<StockSyncResult>>;

public sealed class ImportStockCsvHandler(ISender sender) : ICommandHandler<ImportStockCsv, Result<StockSyncResult>>
{
    public static readonly string[] Header = ["storeCode", "sku", "onHand"];
    public const int MaxRows = StockSyncValidator.MaxItems;

    public async ValueTask<Result<StockSyncResult>> Handle(ImportStockCsv command, CancellationToken ct)
    {
        var lines = command.Csv.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count == 0) return Error.Invalid("file", "The file is empty.");
        var header = lines[0].TrimStart('\uFEFF').Split(',').Select(h => h.Trim()).ToArray();
        if (!header.SequenceEqual(Header, StringComparer.OrdinalIgnoreCase))
            return Error.Invalid("file", $"The columns must be exactly: {string.Join(",", Header)}. This file has: {string.Join(",", header)}.");
        if (lines.Count - 1 > MaxRows) return Error.Invalid("file", $"A file holds at most {MaxRows} rows.");
        if (lines.Count == 1) return Error.Invalid("file", "The file has a header but no rows.");

        var items = lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',').Select(c => c.Trim()).ToArray();
            int? onHand = cells.Length == 3 && int.TryParse(cells[2], out var n) ? n : null;
            return new StockSyncItem(cells.ElementAtOrDefault(0), cells.ElementAtOrDefault(1), onHand);
        }).ToList();

        // Each import is its own batch: re-importing the same file applies it again, on purpose.
        var result = await sender.Send(new StockSync($"csv:{command.FileName}:{Guid.NewGuid():N}", items, command.Actor), ct);
        return result with { Items = result.Items.Select(i => i with { Index = i.Index + 2 }).ToList() }; // line numbers in the file
    }
}
