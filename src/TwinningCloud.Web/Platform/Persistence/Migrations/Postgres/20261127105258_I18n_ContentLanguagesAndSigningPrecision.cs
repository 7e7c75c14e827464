using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class I18n_ContentLanguagesAndSigningPrecision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "name_en",
                table: "partner_cities",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name_fr",
                table: "partner_cities",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name_en",
                table: "networks",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signed_precision",
                table: "agreements",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "Day");

            migrationBuilder.AddColumn<string>(
                name: "summary_en",
                table: "agreements",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary_fr",
                table: "agreements",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "title_en",
                table: "agreements",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "title_fr",
                table: "agreements",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "name_en",
                table: "partner_cities");

            migrationBuilder.DropColumn(
                name: "name_fr",
                table: "partner_cities");

            migrationBuilder.DropColumn(
                name: "name_en",
                table: "networks");

            migrationBuilder.DropColumn(
                name: "signed_precision",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "summary_en",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "summary_fr",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "title_en",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "title_fr",
                table: "agreements");
        }
    }
}
