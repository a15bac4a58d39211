using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class PaymentCommands : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "payment_client_secret",
                table: "orders");

            migrationBuilder.RenameColumn(
                name: "refunded",
                table: "orders",
                newName: "money_back_requested");

            migrationBuilder.CreateTable(
                name: "payment_commands",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    provider = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    superseded_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_commands", x => x.id);
                    table.CheckConstraint("ck_payment_commands_amount_non_negative", "amount >= 0");
                    table.CheckConstraint("ck_payment_commands_attempts_non_negative", "attempts >= 0");
                    table.ForeignKey(
                        name: "fk_payment_commands_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_payment_commands_created_at",
                table: "payment_commands",
                column: "created_at",
                filter: "status = 'Failed'");

            migrationBuilder.CreateIndex(
                name: "ix_payment_commands_next_attempt_at",
                table: "payment_commands",
                column: "next_attempt_at",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_payment_commands_order_id",
                table: "payment_commands",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_commands_reference",
                table: "payment_commands",
                column: "reference");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payment_commands");

            migrationBuilder.RenameColumn(
                name: "money_back_requested",
                table: "orders",
                newName: "refunded");

            migrationBuilder.AddColumn<string>(
                name: "payment_client_secret",
                table: "orders",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }
    }
}
