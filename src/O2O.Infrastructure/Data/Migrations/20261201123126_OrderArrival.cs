using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderArrival : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "arrival_note",
                table: "orders",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "arrived_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "arrival_note",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "arrived_at",
                table: "orders");
        }
    }
}
