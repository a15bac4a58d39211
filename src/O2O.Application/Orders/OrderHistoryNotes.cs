using System.Globalization;
using O2O.Application.Localization;
using O2O.Domain.Orders;
using O2O.Domain.Payments;

namespace O2O.Application.Orders;

/// <summary>
/// Puts a history note into the reader's words (<see cref="CultureInfo.CurrentUICulture"/>) when the order is read: the
/// database keeps the note's code and arguments (<see cref="OrderNotes"/>), so the same step reads in French for a
/// shopper in Lyon and in English for the clerk who caused it. Notes written before codes, and text a person typed,
/// are shown as stored.
/// </summary>
public static class OrderHistoryNotes
{
    public static string? Render(OrderStatusChange step) => Render(step.NoteCode, step.NoteArgs, step.Note);

    public static string? Render(string? code, IReadOnlyList<string>? args, string? note)
    {
        if (code is null) return note;
        var a = args ?? [];
        string Arg(int i) => i < a.Count ? a[i] : "";
        return code switch
        {
            OrderNotes.HoldExpired => Messages.Note_HoldExpired,
            OrderNotes.NotCollected => Messages.Note_NotCollected,
            OrderNotes.PaidLate => Messages.Note_PaidLate,
            OrderNotes.CollectorNamed => Texts.Format(Messages.Note_CollectorNamed, Arg(0)),
            OrderNotes.CollectorCleared => Messages.Note_CollectorCleared,
            OrderNotes.IdChecked => Messages.Note_IdChecked,
            OrderNotes.ShortPick => Texts.Format(Messages.Note_ShortPick, Count(Arg(0)), Arg(1), Arg(2)),
            OrderNotes.Returned => Texts.Format(Messages.Note_Returned, Count(Arg(0)), Arg(1), Amount(["", Arg(2), Arg(3)])),
            OrderNotes.RefundRequested => Arg(0) switch
            {
                nameof(MoneyBackReason.Cancelled) => Messages.Note_RefundCancelled,
                nameof(MoneyBackReason.NotCollected) => Messages.Note_RefundNotCollected,
                _ => Messages.Note_RefundPaidTooLate,
            },
            OrderNotes.PaymentDone => Texts.Format(ByKind(Arg(0), Messages.Note_Refunded, Messages.Note_Released, Messages.Note_Captured), Amount(a)),
            OrderNotes.PaymentFailed => Texts.Format(ByKind(Arg(0), Messages.Note_RefundFailed, Messages.Note_VoidFailed, Messages.Note_CaptureFailed), Amount(a), Arg(3)),
            OrderNotes.PaymentRetried => Texts.Format(ByKind(Arg(0), Messages.Note_RefundRetried, Messages.Note_VoidRetried, Messages.Note_CaptureRetried), Amount(a)),
            // A code this version does not know (written by a newer one): better its stored text, or the code, than nothing.
            _ => note ?? code,
        };
    }

    private static string ByKind(string kind, string refund, string @void, string capture) => kind switch
    {
        nameof(PaymentCommandKind.Refund) => refund,
        nameof(PaymentCommandKind.Void) => @void,
        _ => capture,
    };

    private static string Count(string units) =>
        long.TryParse(units, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Formats.Number(n) : units;

    private static string Amount(IReadOnlyList<string> args) =>
        args.Count >= 3 && long.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var minor)
            ? Formats.Money(minor, args[2])
            : "";
}
