using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Map_PartnerCitySlugsAndTownPosition : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "latitude",
                table: "tenants",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "longitude",
                table: "tenants",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "slug",
                table: "partner_cities",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_partner_cities_tenant_id_slug",
                table: "partner_cities",
                columns: new[] { "tenant_id", "slug" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_partner_cities_tenant_id_slug",
                table: "partner_cities");

            migrationBuilder.DropColumn(
                name: "latitude",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "longitude",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "slug",
                table: "partner_cities");
        }
    }
}
