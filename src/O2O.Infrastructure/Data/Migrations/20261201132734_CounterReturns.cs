using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class CounterReturns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "return_window_days",
                table: "stores",
                type: "integer",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<Guid>(
                name: "return_id",
                table: "payment_commands",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "returned_quantity",
                table: "order_lines",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "returns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    refund_amount = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    idempotency_key_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_returns", x => x.id);
                    table.CheckConstraint("ck_returns_refund_non_negative", "refund_amount >= 0");
                    table.ForeignKey(
                        name: "fk_returns_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_returns_stores_store_id",
                        column: x => x.store_id,
                        principalTable: "stores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "return_lines",
                columns: table => new
                {
                    return_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_line_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sku = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    restock = table.Column<bool>(type: "boolean", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_return_lines", x => new { x.return_id, x.order_line_id });
                    table.CheckConstraint("ck_return_lines_amount_non_negative", "amount >= 0");
                    table.CheckConstraint("ck_return_lines_quantity_positive", "quantity > 0");
                    table.ForeignKey(
                        name: "fk_return_lines_order_lines_order_line_id",
                        column: x => x.order_line_id,
                        principalTable: "order_lines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_return_lines_returns_return_id",
                        column: x => x.return_id,
                        principalTable: "returns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_stores_return_window_days",
                table: "stores",
                sql: "return_window_days BETWEEN 0 AND 365");

            migrationBuilder.CreateIndex(
                name: "ix_payment_commands_return_id",
                table: "payment_commands",
                column: "return_id",
                filter: "return_id IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_order_lines_returned_within_collected",
                table: "order_lines",
                sql: "returned_quantity >= 0 AND returned_quantity <= quantity - short_quantity");

            migrationBuilder.CreateIndex(
                name: "ix_return_lines_order_line_id",
                table: "return_lines",
                column: "order_line_id");

            migrationBuilder.CreateIndex(
                name: "ix_returns_idempotency_key_hash",
                table: "returns",
                column: "idempotency_key_hash",
                unique: true,
                filter: "idempotency_key_hash IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_returns_order_id",
                table: "returns",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_returns_store_id_created_at",
                table: "returns",
                columns: new[] { "store_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "return_lines");

            migrationBuilder.DropTable(
                name: "returns");

            migrationBuilder.DropCheckConstraint(
                name: "ck_stores_return_window_days",
                table: "stores");

            migrationBuilder.DropIndex(
                name: "ix_payment_commands_return_id",
                table: "payment_commands");

            migrationBuilder.DropCheckConstraint(
                name: "ck_order_lines_returned_within_collected",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "return_window_days",
                table: "stores");

            migrationBuilder.DropColumn(
                name: "return_id",
                table: "payment_commands");

            migrationBuilder.DropColumn(
                name: "returned_quantity",
                table: "order_lines");
        }
    }
}
