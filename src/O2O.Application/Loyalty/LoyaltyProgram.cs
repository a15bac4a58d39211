using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Admin;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Loyalty;

/// <summary>
/// The programme's rules (ADR 48), one set for every currency, counted in each currency's major unit (ISO 4217
/// decimals): <see cref="EarnPointsPerUnit"/> points per unit actually paid, <see cref="PointsPerUnitSpent"/> points pay
/// one unit, points pay at most <see cref="MaxSharePercent"/> of an order, and earned points lapse after
/// <see cref="ExpiryMonths"/> (null: never).
/// </summary>
public sealed record LoyaltyProgram(bool Enabled, int EarnPointsPerUnit, int PointsPerUnitSpent, int MaxSharePercent, int? ExpiryMonths)
{
    public const int MaxShareLimit = 90;

    /// <summary>Until an admin saves settings: 1 point per unit paid, 100 points pay 1.00, at most half an order, no expiry.</summary>
    public static readonly LoyaltyProgram Default = new(true, 1, 100, 50, null);

    public static async Task<LoyaltyProgram> ReadAsync(IAppDbContext db, CancellationToken ct) =>
        await db.Database.SqlQuery<LoyaltyProgram>($"""
            SELECT enabled, earn_points_per_unit, points_per_unit_spent, max_share_percent, expiry_months
            FROM loyalty_settings WHERE id = 1
            """).SingleOrDefaultAsync(ct) ?? Default;

    /// <summary>Points earned on <paramref name="paidMinor"/> minor units paid: whole points, rounded down.</summary>
    public long PointsEarned(long paidMinor, string currency) =>
        Enabled && paidMinor > 0 ? paidMinor * EarnPointsPerUnit / Pow10(CurrencyUnits.Decimals(currency)) : 0;

    /// <summary>What <paramref name="points"/> are worth in minor units; null when they are not a whole number of minor units.</summary>
    public long? ValueOf(long points, string currency)
    {
        var scaled = points * Pow10(CurrencyUnits.Decimals(currency));
        return scaled % PointsPerUnitSpent == 0 ? scaled / PointsPerUnitSpent : null;
    }

    /// <summary>The smallest number of points worth a whole minor unit: spends are a multiple of it.</summary>
    public long PointsStep(string currency)
    {
        long a = PointsPerUnitSpent, b = Pow10(CurrencyUnits.Decimals(currency));
        while (b != 0) (a, b) = (b, a % b);
        return PointsPerUnitSpent / a;
    }

    /// <summary>The most the points may take off goods worth <paramref name="goodsMinor"/>; always leaves something to pay.</summary>
    public long MaxDiscount(long goodsMinor) => Math.Min(goodsMinor * MaxSharePercent / 100, goodsMinor - 1);

    /// <summary>The most points that may pay for goods worth <paramref name="goodsMinor"/>, a multiple of <see cref="PointsStep"/>.</summary>
    public long MaxPoints(long goodsMinor, string currency)
    {
        var points = MaxDiscount(goodsMinor) * PointsPerUnitSpent / Pow10(CurrencyUnits.Decimals(currency));
        return Math.Max(0, points - points % PointsStep(currency));
    }

    private static long Pow10(int n) => n switch { 0 => 1, 3 => 1000, _ => 100 };
}

public sealed record GetLoyaltyProgram : IQuery<LoyaltyProgram>;

public sealed class GetLoyaltyProgramHandler(IAppDbContext db) : IQueryHandler<GetLoyaltyProgram, LoyaltyProgram>
{
    public async ValueTask<LoyaltyProgram> Handle(GetLoyaltyProgram query, CancellationToken ct) => await LoyaltyProgram.ReadAsync(db, ct);
}

public sealed record UpdateLoyaltyProgram(bool Enabled, int? EarnPointsPerUnit, int? PointsPerUnitSpent, int? MaxSharePercent, int? ExpiryMonths, Actor Actor)
    : ICommand<LoyaltyProgram>;

public sealed class UpdateLoyaltyProgramValidator : AbstractValidator<UpdateLoyaltyProgram>
{
    public UpdateLoyaltyProgramValidator()
    {
        RuleFor(x => x.EarnPointsPerUnit).NotNull().InclusiveBetween(0, 1000).OverridePropertyName("earnPointsPerUnit").WithName(_ => Messages.Field_LoyaltyEarnRate);
        RuleFor(x => x.PointsPerUnitSpent).NotNull().InclusiveBetween(1, 100000).OverridePropertyName("pointsPerUnitSpent").WithName(_ => Messages.Field_LoyaltyPointValue);
        RuleFor(x => x.MaxSharePercent).NotNull().InclusiveBetween(1, LoyaltyProgram.MaxShareLimit).OverridePropertyName("maxSharePercent").WithName(_ => Messages.Field_LoyaltyMaxShare);
        RuleFor(x => x.ExpiryMonths).InclusiveBetween(1, 120).When(x => x.ExpiryMonths is not null).OverridePropertyName("expiryMonths").WithName(_ => Messages.Field_LoyaltyExpiry);
    }
}

public sealed class UpdateLoyaltyProgramHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<UpdateLoyaltyProgram, LoyaltyProgram>
{
    public async ValueTask<LoyaltyProgram> Handle(UpdateLoyaltyProgram command, CancellationToken ct)
    {
        var program = new LoyaltyProgram(command.Enabled, command.EarnPointsPerUnit!.Value, command.PointsPerUnitSpent!.Value,
            command.MaxSharePercent!.Value, command.ExpiryMonths);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = await LoyaltyProgram.ReadAsync(db, ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO loyalty_settings (id, enabled, earn_points_per_unit, points_per_unit_spent, max_share_percent, expiry_months)
            VALUES (1, {program.Enabled}, {program.EarnPointsPerUnit}, {program.PointsPerUnitSpent}, {program.MaxSharePercent}, {program.ExpiryMonths})
            ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, earn_points_per_unit = excluded.earn_points_per_unit,
                points_per_unit_spent = excluded.points_per_unit_spent, max_share_percent = excluded.max_share_percent,
                expiry_months = excluded.expiry_months
            """, ct);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "loyalty.settings", "loyalty", "1", before, program));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return program;
    }
}
