using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class LoyaltyPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "loyalty_discount_amount",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "loyalty_points",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "loyalty_accounts",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    balance = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_loyalty_accounts", x => x.user_id);
                    table.CheckConstraint("ck_loyalty_accounts_balance_non_negative", "balance >= 0");
                    table.ForeignKey(
                        name: "fk_loyalty_accounts_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "loyalty_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    earn_points_per_unit = table.Column<int>(type: "integer", nullable: false),
                    points_per_unit_spent = table.Column<int>(type: "integer", nullable: false),
                    max_share_percent = table.Column<int>(type: "integer", nullable: false),
                    expiry_months = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_loyalty_settings", x => x.id);
                    table.CheckConstraint("ck_loyalty_settings_expiry", "expiry_months IS NULL OR expiry_months BETWEEN 1 AND 120");
                    table.CheckConstraint("ck_loyalty_settings_one_row", "id = 1");
                    table.CheckConstraint("ck_loyalty_settings_rates", "earn_points_per_unit >= 0 AND points_per_unit_spent >= 1 AND max_share_percent BETWEEN 1 AND 90");
                });

            migrationBuilder.CreateTable(
                name: "loyalty_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    points = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    cause_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    amount_minor = table.Column<long>(type: "bigint", nullable: true),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_loyalty_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_loyalty_entries_loyalty_accounts_user_id",
                        column: x => x.user_id,
                        principalTable: "loyalty_accounts",
                        principalColumn: "user_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_orders_loyalty_non_negative",
                table: "orders",
                sql: "loyalty_points >= 0 AND loyalty_discount_amount >= 0");

            migrationBuilder.CreateIndex(
                name: "ix_loyalty_entries_user_id_created_at",
                table: "loyalty_entries",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_loyalty_entries_user_id_kind_cause_key",
                table: "loyalty_entries",
                columns: new[] { "user_id", "kind", "cause_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "loyalty_entries");

            migrationBuilder.DropTable(
                name: "loyalty_settings");

            migrationBuilder.DropTable(
                name: "loyalty_accounts");

            migrationBuilder.DropCheckConstraint(
                name: "ck_orders_loyalty_non_negative",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "loyalty_discount_amount",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "loyalty_points",
                table: "orders");
        }
    }
}
