using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class HandoverCollectorAndIdCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "age_restricted",
                table: "products",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "collector_name",
                table: "orders",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "id_checked_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "id_checked_by",
                table: "orders",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "age_restricted",
                table: "order_lines",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddCheckConstraint(
                name: "ck_orders_id_check_who_and_when",
                table: "orders",
                sql: "(id_checked_at IS NULL) = (id_checked_by IS NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_orders_id_check_who_and_when",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "age_restricted",
                table: "products");

            migrationBuilder.DropColumn(
                name: "collector_name",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "id_checked_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "id_checked_by",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "age_restricted",
                table: "order_lines");
        }
    }
}
