using System.Globalization;
using CsvHelper;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Promotions;

/// <summary>Every code of a promotion as CSV, for a mail merge or a print shop; null when there is no such promotion.</summary>
public sealed record ExportPromoCodes(Guid PromotionId) : IQuery<PromoCodesCsv?>;

public sealed record PromoCodesCsv(string FileName, string Content);

/// <summary>
/// Written by CsvHelper (as the stock import reads, ADR 19), invariant culture, one header row. Column names are the
/// API's field names and never translated: the file is for programs as much as for people. Times are UTC, ISO 8601.
/// </summary>
public sealed class ExportPromoCodesHandler(IAppDbContext db) : IQueryHandler<ExportPromoCodes, PromoCodesCsv?>
{
    public static readonly string[] Header = ["code", "singleUse", "uses", "campaignId", "createdAt"];

    public async ValueTask<PromoCodesCsv?> Handle(ExportPromoCodes query, CancellationToken ct)
    {
        if (!await db.Promotions.AnyAsync(p => p.Id == query.PromotionId, ct)) return null;
        var codes = await db.PromoCodes.AsNoTracking().Where(c => c.PromotionId == query.PromotionId).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Code, c.SingleUse, c.Uses, c.CampaignId, c.CreatedAt }).ToListAsync(ct);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var name in Header) csv.WriteField(name);
            await csv.NextRecordAsync();
            foreach (var c in codes)
            {
                csv.WriteField(c.Code);
                csv.WriteField(c.SingleUse ? "true" : "false");
                csv.WriteField(c.Uses.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(c.CampaignId?.ToString() ?? "");
                csv.WriteField(c.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                await csv.NextRecordAsync();
            }
        }
        return new PromoCodesCsv($"promotion-{query.PromotionId:N}-codes.csv", text.ToString());
    }
}
