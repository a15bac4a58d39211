using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Admin;

public sealed record ListAuditEntries(string? Actor = null, string? Action = null, string? EntityType = null, string? EntityId = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int Page = 1, int PageSize = 50) : IQuery<PagedResult<AuditEntryView>>;

public sealed record AuditEntryView(long Id, DateTimeOffset At, string Actor, string Action, string EntityType, string EntityId, string? Before, string? After);

public sealed class ListAuditEntriesValidator : AbstractValidator<ListAuditEntries>
{
    public ListAuditEntriesValidator()
    {
        RuleFor(x => x.Page).IsPage().OverridePropertyName("page");
        RuleFor(x => x.From).IsSaneInstant("from").OverridePropertyName("from");
        RuleFor(x => x.To).IsSaneInstant("to").OverridePropertyName("to");
        RuleFor(x => x.PageSize).InclusiveBetween(1, 200).OverridePropertyName("pageSize").WithName(_ => Messages.Field_PageSize);
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null).OverridePropertyName("to")
            .WithMessage(_ => Messages.Admin_AuditRange);
    }
}

public sealed class ListAuditEntriesHandler(IAppDbContext db) : IQueryHandler<ListAuditEntries, PagedResult<AuditEntryView>>
{
    public async ValueTask<PagedResult<AuditEntryView>> Handle(ListAuditEntries q, CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Actor)) entries = entries.Where(e => e.Actor == q.Actor.Trim());
        if (!string.IsNullOrWhiteSpace(q.Action)) entries = entries.Where(e => e.Action.StartsWith(q.Action.Trim()));
        if (!string.IsNullOrWhiteSpace(q.EntityType)) entries = entries.Where(e => e.EntityType == q.EntityType.Trim());
        if (!string.IsNullOrWhiteSpace(q.EntityId)) entries = entries.Where(e => e.EntityId == q.EntityId.Trim());
        if (q.From is { } from) entries = entries.Where(e => e.At >= from);
        if (q.To is { } to) entries = entries.Where(e => e.At < to);
        var total = await entries.CountAsync(ct);
        var items = await entries.OrderByDescending(e => e.Id).Skip((q.Page - 1) * q.PageSize).Take(q.PageSize)
            .Select(e => new AuditEntryView(e.Id, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, e.Before, e.After)).ToListAsync(ct);
        return new PagedResult<AuditEntryView>(items, q.Page, q.PageSize, total);
    }
}
