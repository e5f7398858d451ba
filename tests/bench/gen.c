/*
 * gen: deterministic corpus generator for the crisis benchmarks.
 *
 *   gen plans N DIR                      N plans of about 300 lines each,
 *                                        DIR/plan-0001.yaml ...
 *   gen big CONTACTS ACTIVITIES FILE     one plan with that many contacts and
 *                                        activities, and the cell, escalation,
 *                                        procedures and scenarios that use them
 *   gen laughs FILE                      a "billion laughs" plan (nested aliases)
 *   gen history N                        a git fast-import stream, on standard
 *                                        output, of a workspace's N commits
 *                                        (see cmd_history)
 *   gen debriefs N LESSONS DIR           N debriefs of LESSONS lessons and
 *                                        LESSONS / 2 actions each (French
 *                                        sentences from a vocabulary of crisis
 *                                        words), DIR/2026-01-01-d00001.yaml ...
 *
 * Every plan is schema-valid (schemas/crisis-plan.xsd): every reference names
 * an id that exists, contacts and cell roles never share an id. The output
 * depends only on the arguments: the generator has its own PRNG and a fixed seed.
 * Names, numbers (fiction ranges) and addresses are invented.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define SEED 0x63726973697321ULL /* "crisis!" */
#define ID_MAX 64
#define TEXT_MAX 512
#define PICK_MAX 16

struct ident {
	char s[ID_MAX];
};

struct gen {
	FILE *out;
	const char *path;
	uint64_t rng;
	int big;
	size_t name_offset;
	struct ident *contacts;
	size_t ncontacts;
	struct ident *roles;
	size_t nroles;
	struct ident *activities;
	size_t nactivities;
	struct ident *procs;
	size_t nprocs;
};

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

__attribute__((noreturn, format(printf, 1, 2)))
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("gen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

__attribute__((noreturn))
static void usage(void)
{
	fputs("usage: gen plans N DIR\n"
	      "       gen big CONTACTS ACTIVITIES FILE\n"
	      "       gen laughs FILE\n"
	      "       gen history N\n"
	      "       gen debriefs N LESSONS DIR\n", stderr);
	exit(2);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		die("out of memory");
	return p;
}

static size_t parse_count(const char *s, size_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v == 0 || v > max)
		die("bad count '%s' (expected 1 to %zu)", s, max);
	return (size_t)v;
}

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64                                                    */
/* ------------------------------------------------------------------ */

static uint64_t rng_next(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static size_t rnd(struct gen *g, size_t n)
{
	return n ? (size_t)(rng_next(g) % n) : 0;
}

/* A number in [lo, hi]. */
static size_t rnd_between(struct gen *g, size_t lo, size_t hi)
{
	return lo + rnd(g, hi - lo + 1);
}

/* True with a probability of percent/100. */
static int chance(struct gen *g, unsigned percent)
{
	return rnd(g, 100) < percent;
}

/* k distinct numbers in [0, n), k <= n and k <= PICK_MAX. */
static size_t pick_distinct(struct gen *g, size_t n, size_t k, size_t *out)
{
	size_t got = 0;

	if (k > n)
		k = n;
	if (k > PICK_MAX)
		k = PICK_MAX;
	while (got < k) {
		size_t v = rnd(g, n), i;

		for (i = 0; i < got && out[i] != v; i++)
			;
		if (i == got)
			out[got++] = v;
	}
	return got;
}

#define PICK(g, a) ((a)[rnd((g), ARRAY_SIZE(a))])

/* ------------------------------------------------------------------ */
/* Text pools (French and English, UTF-8)                              */
/* ------------------------------------------------------------------ */

struct name {
	const char *text;
	const char *slug;
};

static const struct name first_names[] = {
	{ "Hélène", "helene" }, { "Benoît", "benoit" }, { "Zoé", "zoe" },
	{ "Jérôme", "jerome" }, { "François", "francois" }, { "Anaïs", "anais" },
	{ "Cédric", "cedric" }, { "Léa", "lea" }, { "Noémie", "noemie" },
	{ "Raphaël", "raphael" }, { "Maëlle", "maelle" }, { "Gaëtan", "gaetan" },
	{ "Chloé", "chloe" }, { "Agnès", "agnes" }, { "Frédéric", "frederic" },
	{ "Aurélie", "aurelie" }, { "Loïc", "loic" }, { "Inès", "ines" },
	{ "Stéphane", "stephane" }, { "Émilie", "emilie" }, { "Thérèse", "therese" },
	{ "Julien", "julien" }, { "Claire", "claire" }, { "Sarah", "sarah" },
	{ "John", "john" }, { "Emily", "emily" }, { "Oliver", "oliver" },
	{ "Priya", "priya" }, { "Mateo", "mateo" }, { "Björn", "bjorn" },
};

static const struct name last_names[] = {
	{ "Durand", "durand" }, { "Lefèvre", "lefevre" }, { "Müller", "muller" },
	{ "Girard", "girard" }, { "Bérard", "berard" }, { "Dupré", "dupre" },
	{ "Fontaine", "fontaine" }, { "Chéreau", "chereau" }, { "Mercier", "mercier" },
	{ "Rousseau", "rousseau" }, { "Lemaître", "lemaitre" }, { "Faure", "faure" },
	{ "Noël", "noel" }, { "Perrin", "perrin" }, { "Barthélemy", "barthelemy" },
	{ "Gagné", "gagne" }, { "Bérubé", "berube" }, { "Côté", "cote" },
	{ "Nguyen", "nguyen" }, { "Smith", "smith" }, { "O'Brien", "obrien" },
	{ "García", "garcia" }, { "Kowalski", "kowalski" }, { "Benali", "benali" },
	{ "Lambert", "lambert" }, { "Moreau", "moreau" }, { "Hébert", "hebert" },
	{ "Duchêne", "duchene" }, { "Pereira", "pereira" }, { "Weiß", "weiss" },
};

static const char *const contact_titles[] = {
	"Directrice générale", "Directeur général adjoint",
	"Responsable de la sécurité des systèmes d'information",
	"IT operations lead", "Chargée de communication", "Head of HR",
	"Juriste droit social", "Médecin du travail", "Service desk manager",
	"Responsable logistique", "Directeur financier", "Chief information officer",
	"Responsable des achats", "Ingénieur réseau (astreinte)",
	"Administratrice systèmes", "Facility manager", "Responsable qualité",
	"Contrôleur de gestion", "Customer care director", "Office manager",
};

static const char *const supplier_titles[] = {
	"Prestataire centre d'appels de crise", "Fournisseur d'électricité",
	"Opérateur télécom (support entreprises)", "Hébergeur, salle de secours",
	"Managed security provider (SOC)", "Société de gardiennage",
	"Assureur — déclaration de sinistre", "Transporteur express",
	"Cabinet de gestion de crise", "Backup and restore vendor",
};

static const char *const contact_notes[] = {
	"Contrat CC-2026-014 : dimensionnement révisable chaque semaine.",
	"Ne pas appeler avant 7 h sauf niveau 3.",
	"Speaks English and French; prefers SMS at night.",
	"Astreinte une semaine sur trois, planning sur l'intranet.",
	"Suppléant désigné par la direction, à confirmer à chaque revue.",
	"Ticket portal first, then phone if no answer within 15 minutes.",
};

static const char *const domains[] = {
	"example.fr", "example.com", "exemple-groupe.fr", "example.org",
};

static const struct name sites[] = {
	{ "Lyon", "lyon" }, { "Paris-Nord", "paris-nord" }, { "Bordeaux", "bordeaux" },
	{ "Lille", "lille" }, { "Nantes", "nantes" }, { "Genève", "geneve" },
	{ "Montréal", "montreal" }, { "Québec", "quebec" }, { "Bruxelles", "bruxelles" },
	{ "Toulouse", "toulouse" }, { "Saint-Étienne", "saint-etienne" },
	{ "Besançon", "besancon" }, { "Orléans", "orleans" }, { "Nîmes", "nimes" },
};

struct role {
	const char *id;
	const char *group;
	const char *duties[3];
};

static const struct role roles[] = {
	{ "directeur-crise", "orchestrator",
	  { "Décider de l'activation et de la levée du plan.",
	    "Arbitrer les priorités de reprise.",
	    "Porter la parole de la direction auprès du conseil." } },
	{ "coordinateur", "orchestrator",
	  { "Tenir la main courante et le tableau de situation.",
	    "Run the crisis cell meetings every two hours.",
	    "Suivre les actions jusqu'à leur clôture." } },
	{ "communication", "communicator",
	  { "Rédiger les messages clés et la FAQ.",
	    "Keep one voice: every message goes through this role.",
	    "Veiller aux réseaux sociaux et aux médias." } },
	{ "porte-parole", "communicator",
	  { "Parler aux médias et aux autorités.",
	    "Présenter des excuses dans les 48 heures si nécessaire.",
	    "Brief the call centre agents on the scripts." } },
	{ "expert-si", "expert",
	  { "Évaluer l'état du système d'information.",
	    "Know where reliable technical information is.",
	    "Proposer les options de bascule ou de restauration." } },
	{ "expert-rh", "expert",
	  { "Suivre la situation des salariés et de leurs familles.",
	    "Advise on working time, overtime and remote work.",
	    "Activer la cellule d'écoute psychologique." } },
	{ "juridique", "expert",
	  { "Qualifier les obligations de notification (CNIL, ANSSI).",
	    "Review every public statement before release.",
	    "Conserver les preuves." } },
	{ "logistique", "operator",
	  { "Ouvrir la salle de crise et le site de repli.",
	    "Provide laptops, badges, food and transport.",
	    "Gérer les accès et le gardiennage." } },
	{ "operations-si", "operator",
	  { "Exécuter les procédures de bascule et de restauration.",
	    "Report progress to the coordinator every 30 minutes.",
	    "Isoler les postes et serveurs compromis." } },
	{ "relation-clients", "operator",
	  { "Ouvrir le centre d'appels de crise.",
	    "Answer only from the FAQ and the scripts, never improvise.",
	    "Rappeler les clients dont la question reste sans réponse." } },
};

struct activity {
	const char *slug;
	const char *name;
};

static const struct activity activity_pool[] = {
	{ "paie", "Paie des salariés" },
	{ "facturation", "Facturation clients" },
	{ "support", "Support client et hotline" },
	{ "messagerie", "E-mail and collaboration suite" },
	{ "erp", "ERP : commandes et stocks" },
	{ "expeditions", "Expéditions et entrepôt" },
	{ "site-web", "Website and online shop" },
	{ "tresorerie", "Trésorerie et paiements fournisseurs" },
	{ "production", "Production de l'atelier" },
	{ "achats", "Achats et approvisionnement" },
	{ "rh", "Gestion administrative du personnel" },
	{ "reseau", "Réseau et accès distant (VPN)" },
	{ "annuaire", "Directory and single sign-on" },
	{ "sauvegardes", "Sauvegardes et archivage" },
	{ "telephonie", "Téléphonie et centre d'appels" },
	{ "crm", "CRM et suivi commercial" },
};

static const char *const resources[] = {
	"Deux gestionnaires formés", "Accès au logiciel de paie en mode SaaS",
	"VPN and two-factor tokens", "Salle de repli à Villeurbanne",
	"Imprimante chèques et papier sécurisé", "Backup copies older than 24 hours",
	"Ligne de secours fibre + 4G", "Contrat de support éditeur 24/7",
	"Liste des clients grands comptes", "Laptops with the standard image",
	"Stock tampon de trois jours", "Procédures papier imprimées",
	"Licences de téléphonie logicielle", "Accès bancaire de secours (token)",
};

static const char *const rpo_values[] = { "PT0S", "PT15M", "PT1H", "PT4H", "P1D" };

/* Increasing durations: rto is picked at or below mtpd. */
static const char *const ladder[] = {
	"PT2H", "PT4H", "PT8H", "PT12H", "P1D", "P2D", "P3D", "P5D", "P10D",
};

struct procedure {
	const char *slug;
	const char *title;
	const char *steps[6];
};

static const struct procedure procedure_pool[] = {
	{ "bascule-site-secours", "Bascule sur le site de secours",
	  { "Déclarer l'incident majeur et ouvrir la main courante.",
	    "Confirm the failover decision with the crisis director.",
	    "Activer la réplication inverse des bases de données.",
	    "Rediriger le DNS et le VPN vers le site de secours.",
	    "Faire vérifier les applications critiques par les métiers.",
	    "Informer les utilisateurs du retour du service." } },
	{ "restauration-sauvegardes", "Restore from offline backups",
	  { "Identify the last clean backup and its age.",
	    "Reconstruire les serveurs à partir des images de référence.",
	    "Restore the databases, then the file shares.",
	    "Contrôler l'intégrité des données restaurées.",
	    "Rouvrir les accès par ordre de priorité.",
	    "Record the data lost since the recovery point." } },
	{ "centre-appels", "Ouverture du centre d'appels de crise",
	  { "Appeler le prestataire et confirmer le dimensionnement.",
	    "Send the FAQ and the scripts to the agents.",
	    "Publier le numéro vert sur le site et les réseaux.",
	    "Suivre la qualité de service toutes les heures.",
	    "Adjust the number of agents to the call volume.",
	    "Faire le point quotidien avec la communication." } },
	{ "cyberattaque", "Réponse à une cyberattaque (rançongiciel)",
	  { "Isoler les segments réseau touchés.",
	    "Preserve evidence before any reinstall.",
	    "Prévenir l'ANSSI et déposer plainte.",
	    "Notifier la CNIL sous 72 heures si des données personnelles sont touchées.",
	    "Reset every privileged password and token.",
	    "Rétablir les services depuis des sauvegardes saines." } },
	{ "repli-teletravail", "Repli des équipes en télétravail",
	  { "Activer les comptes VPN supplémentaires.",
	    "Distribute the spare laptops from the stock.",
	    "Rediriger les lignes fixes vers les mobiles.",
	    "Confirm each team lead can reach their team.",
	    "Adapter les horaires et les astreintes.",
	    "Faire un point santé avec les RH chaque jour." } },
	{ "rappel-produit", "Product recall",
	  { "Bloquer les lots concernés dans l'ERP.",
	    "Notify the authorities and the distributors.",
	    "Publier l'avis de rappel et la FAQ.",
	    "Organiser la reprise des produits en magasin.",
	    "Track the share of products returned.",
	    "Clôturer avec un bilan et un retour d'expérience." } },
};

struct scenario {
	const char *slug;
	const char *title;
	const char *description;
};

static const struct scenario scenario_pool[] = {
	{ "incendie-salle-serveurs", "Incendie dans la salle serveurs",
	  "Départ de feu dans la salle principale, extinction au gaz déclenchée, bâtiment évacué." },
	{ "rancongiciel", "Ransomware attack on the file servers",
	  "Files encrypted on Monday 6:40, ransom note on every share, backups partly reachable." },
	{ "greve-logistique", "Grève du personnel logistique",
	  "Préavis de grève reconductible à l'entrepôt ; expéditions à l'arrêt dès jeudi." },
	{ "pandemie", "Pandémie : 30 % d'absents",
	  "Absences massives pendant six semaines, écoles fermées, télétravail généralisé." },
	{ "rumeur", "Rumeur dommageable sur les réseaux sociaux",
	  "Une vidéo accuse l'entreprise d'un rappel caché ; 100 000 vues en deux heures." },
	{ "inondation", "Crue et inondation du site",
	  "Le rez-de-chaussée est inondé ; accès au site interdit pendant au moins cinq jours." },
	{ "perte-donnees", "Data loss after a storage failure",
	  "Two disks of the main array failed during a rebuild; the last snapshot is 20 hours old." },
	{ "panne-electrique", "Coupure électrique prolongée",
	  "Panne du poste de livraison ; le groupe électrogène tient 8 heures de carburant." },
};

static const char *const criteria[] = {
	"Indisponibilité d'une activité urgente au-delà de la moitié de son RTO.",
	"Any confirmed intrusion on a production system.",
	"Accès au site impossible pour plus de quatre heures.",
	"Plus de 30 % des salariés absents sur une équipe critique.",
	"Mention of the company in national news about an incident.",
	"Demande explicite d'une autorité (préfecture, ANSSI, ARS).",
};

static const char *const assumptions[] = {
	"Le site de secours est disponible et à jour (réplication de moins d'une heure).",
	"At least one member of each cell role can be reached within one hour.",
	"Les sauvegardes hors ligne ont moins de 24 heures.",
	"Les prestataires respectent les délais de leurs contrats, week-end compris.",
	"Staff can work remotely for up to four weeks.",
	"Les réseaux mobiles restent disponibles pendant la crise.",
};

static const char *const exit_criteria[] = {
	"Toutes les activités urgentes sont revenues à leur niveau nominal.",
	"No new incident for 48 hours.",
	"La cellule de crise valide la levée du dispositif.",
};

static const char *const exit_steps[] = {
	"Remercier les équipes et les prestataires.",
	"Announce the end of the crisis to every audience.",
	"Anticiper l'afflux de demandes en attente.",
	"Planifier le retour d'expérience sous quinze jours.",
};

struct audience {
	const char *id;
	const char *channels;
	const char *messages[2];
};

static const struct audience audience_pool[] = {
	{ "salaries", "[intranet, SMS, réunion d'équipe]",
	  { "Nous faisons face à un incident ; vos responsables vous tiennent informés.",
	    "Do not talk to the press: refer every question to the communication team." } },
	{ "clients", "[site web, e-mail, numéro vert]",
	  { "Vos commandes sont conservées et seront traitées dès le retour à la normale.",
	    "We apologise for the inconvenience and will call you back within 24 hours." } },
	{ "presse", "[communiqué, conférence de presse]",
	  { "L'entreprise a activé son plan de continuité et mobilisé une cellule de crise.",
	    "Un point de situation sera publié chaque jour à 18 h." } },
	{ "autorites", "[téléphone, e-mail sécurisé]",
	  { "Notification formelle de l'incident et des mesures prises.",
	    "A named contact is available 24/7 for the authorities." } },
	{ "fournisseurs", "[e-mail, portail fournisseurs]",
	  { "Les paiements seront honorés avec un délai maximal de cinq jours.",
	    "Please confirm your own continuity arrangements." } },
};

struct faq {
	const char *q;
	const char *a;
};

static const struct faq faq_pool[] = {
	{ "Mes données personnelles sont-elles concernées ?",
	  "À ce stade, rien ne l'indique ; nous vous écrirons si c'était le cas." },
	{ "When will the service be back?",
	  "We aim to restore it within the day; updates are posted every two hours." },
	{ "Ma commande sera-t-elle livrée ?",
	  "Oui, avec un retard de deux à cinq jours ; aucun frais supplémentaire." },
	{ "Qui contacter en cas d'urgence ?",
	  "Le numéro vert, ouvert 24 h/24 pendant toute la durée de la crise." },
	{ "Is my payment safe?",
	  "Yes: card payments are handled by our bank and were not affected." },
	{ "Dois-je changer mon mot de passe ?",
	  "Par précaution, oui : un lien vous sera envoyé par e-mail." },
};

struct kpi {
	const char *name;
	const char *target;
	const char *unit;
};

static const struct kpi kpi_pool[] = {
	{ "Qualité de service", "90", "%" },
	{ "Agents actifs", "20", "agents" },
	{ "Appels décrochés", "95", "%" },
	{ "Average answer time", "30", "s" },
	{ "Canaux ouverts", "4", NULL },
	{ "Délai de rappel", "24", "h" },
};

static const char *const channels_big[] = {
	"[intranet, SMS]", "[e-mail, site web]", "[téléphone]",
};

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

__attribute__((format(printf, 2, 3)))
static void put(struct gen *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(g->out, fmt, ap);
	va_end(ap);
}

/* Write s double-quoted (for flow collections, where plain text is fragile). */
static void put_quoted(struct gen *g, const char *s)
{
	fputc('"', g->out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', g->out);
		fputc(*s, g->out);
	}
	fputc('"', g->out);
}

/* Can s be written as a plain YAML scalar that reads back as text? */
static int plain_ok(const char *s)
{
	size_t len = strlen(s);

	if (!len || strchr("-?:,[]{}#&*!|>'\"%@`+0123456789 ", s[0]))
		return 0;
	if (s[len - 1] == ' ' || s[len - 1] == ':')
		return 0;
	if (strstr(s, ": ") || strstr(s, " #"))
		return 0;
	if (!strcmp(s, "yes") || !strcmp(s, "no") || !strcmp(s, "true") ||
	    !strcmp(s, "false") || !strcmp(s, "null") || !strcmp(s, "~"))
		return 0;
	return 1;
}

/* Write s as a scalar: plain when it can be, double-quoted otherwise. */
static void put_scalar(struct gen *g, const char *s)
{
	if (plain_ok(s))
		fputs(s, g->out);
	else
		put_quoted(g, s);
}

/* "<indent>key: text" */
static void put_text(struct gen *g, int indent, const char *key, const char *s)
{
	put(g, "%*s%s: ", indent, "", key);
	put_scalar(g, s);
	fputc('\n', g->out);
}

/* "<indent>- text" */
static void put_item(struct gen *g, int indent, const char *s)
{
	put(g, "%*s- ", indent, "");
	put_scalar(g, s);
	fputc('\n', g->out);
}

/* "<indent>key: [a, b, c]" from ids. */
static void put_id_list(struct gen *g, int indent, const char *key,
			const char *const *ids, size_t n)
{
	size_t i;

	put(g, "%*s%s: [", indent, "", key);
	for (i = 0; i < n; i++)
		put(g, "%s%s", i ? ", " : "", ids[i]);
	put(g, "]\n");
}

static const char *date(struct gen *g, char *buf, size_t size)
{
	snprintf(buf, size, "2026-%02zu-%02zu", rnd_between(g, 1, 12),
		 rnd_between(g, 1, 28));
	return buf;
}

/* ------------------------------------------------------------------ */
/* Identifiers                                                         */
/* ------------------------------------------------------------------ */

static void ident_set(struct ident *id, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ident_set(struct ident *id, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(id->s, sizeof(id->s), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(id->s))
		die("identifier too long");
}

/* A contact or a cell role (one namespace, no collisions: "c-" vs no "c-"). */
static const char *party(struct gen *g)
{
	size_t i = rnd(g, g->ncontacts + g->nroles);

	if (i < g->ncontacts)
		return g->contacts[i].s;
	return g->roles[i - g->ncontacts].s;
}

static const char *contact(struct gen *g)
{
	return g->contacts[rnd(g, g->ncontacts)].s;
}

/* Up to k distinct parties, into ids. */
static size_t parties(struct gen *g, size_t k, const char **ids)
{
	size_t idx[PICK_MAX], n, i;

	n = pick_distinct(g, g->ncontacts + g->nroles, k, idx);
	for (i = 0; i < n; i++)
		ids[i] = idx[i] < g->ncontacts ? g->contacts[idx[i]].s :
			 g->roles[idx[i] - g->ncontacts].s;
	return n;
}

/* ------------------------------------------------------------------ */
/* Sections                                                            */
/* ------------------------------------------------------------------ */

static const struct name *last_name(struct gen *g, size_t i)
{
	return &last_names[(i * 7 + g->name_offset) % ARRAY_SIZE(last_names)];
}

static void format_phone(struct gen *g, char *buf, size_t size)
{
	if (chance(g, 15))
		snprintf(buf, size, "+44 20 7946 0%03zu", rnd(g, 1000));
	else if (chance(g, 20))
		snprintf(buf, size, "+33 1 99 00 %02zu %02zu", rnd(g, 100), rnd(g, 100));
	else
		snprintf(buf, size, "+33 6 00 00 %02zu %02zu", rnd(g, 100), rnd(g, 100));
}

/* A secondary contact on one line, in flow style. */
static void emit_contact_flow(struct gen *g, size_t i, const char *name)
{
	char phone[32];

	format_phone(g, phone, sizeof(phone));
	put(g, "  - {id: %s, name: ", g->contacts[i].s);
	put_quoted(g, name);
	put(g, ", org: %s, phones: [\"%s\"]}\n",
	    chance(g, 70) ? "internal" : "external", phone);
}

static void emit_contact(struct gen *g, size_t i, const struct name *first,
			 const struct name *last)
{
	int external = chance(g, 20);
	char buf[TEXT_MAX], phone[2][32];

	snprintf(buf, sizeof(buf), "%s %s", first->text, last->text);
	if (chance(g, 45)) {
		emit_contact_flow(g, i, buf);
		return;
	}
	put(g, "  - id: %s\n", g->contacts[i].s);
	put_text(g, 4, "name", buf);
	if (external || chance(g, 85))
		put_text(g, 4, "title", external ? PICK(g, supplier_titles) :
			 PICK(g, contact_titles));
	if (external || chance(g, 35))
		put(g, "    org: %s\n", external ? "external" : "internal");
	format_phone(g, phone[0], sizeof(phone[0]));
	format_phone(g, phone[1], sizeof(phone[1]));
	if (chance(g, 30))
		put(g, "    phones: [\"%s\", \"%s\"]\n", phone[0], phone[1]);
	else
		put(g, "    phones: [\"%s\"]\n", phone[0]);
	if (chance(g, 40))
		put(g, "    email: %s.%s@%s\n", first->slug, last->slug, PICK(g, domains));
	if (external || chance(g, 20))
		put(g, "    available: %s\n", chance(g, 60) ? "24/7" : "office-hours");
	if (external && chance(g, 60))
		put(g, "    activation: {day: PT%zuH, night: PT%zuH}\n",
		    rnd_between(g, 1, 2), rnd_between(g, 3, 6));
	if (chance(g, 25))
		put(g, "    verified: %s\n", date(g, buf, sizeof(buf)));
	if (chance(g, 6))
		put_text(g, 4, "notes", PICK(g, contact_notes));
}

static void make_contacts(struct gen *g, size_t n)
{
	size_t i;
	int width = g->big ? 5 : 2;

	g->ncontacts = n;
	g->contacts = xcalloc(n, sizeof(*g->contacts));
	for (i = 0; i < n; i++)
		ident_set(&g->contacts[i], "c-%s-%0*zu", last_name(g, i)->slug,
			  width, i + 1);
}

static void emit_contacts(struct gen *g)
{
	size_t i;

	put(g, "\ncontacts:\n");
	for (i = 0; i < g->ncontacts; i++)
		emit_contact(g, i, &PICK(g, first_names), last_name(g, i));
}

static void make_roles(struct gen *g, size_t n)
{
	size_t i;

	if (n > ARRAY_SIZE(roles) && !g->big)
		n = ARRAY_SIZE(roles);
	g->nroles = n;
	g->roles = xcalloc(n, sizeof(*g->roles));
	for (i = 0; i < n; i++) {
		if (g->big && i >= ARRAY_SIZE(roles))
			ident_set(&g->roles[i], "%s-%zu",
				  roles[i % ARRAY_SIZE(roles)].id,
				  i / ARRAY_SIZE(roles) + 1);
		else
			ident_set(&g->roles[i], "%s", roles[i].id);
	}
}

static void emit_cell(struct gen *g)
{
	size_t i, j;

	put(g, "\ncell:\n");
	for (i = 0; i < g->nroles; i++) {
		const struct role *r = &roles[i % ARRAY_SIZE(roles)];
		size_t who[2];

		pick_distinct(g, g->ncontacts, 2, who);
		put(g, "  - id: %s\n    group: %s\n    holder: %s\n",
		    g->roles[i].s, r->group, g->contacts[who[0]].s);
		if (g->ncontacts > 1 && chance(g, 85))
			put(g, "    deputy: %s\n", g->contacts[who[1]].s);
		if (chance(g, 50))
			continue;
		put(g, "    duties:\n");
		for (j = rnd_between(g, 1, 2); j > 0; j--)
			put_item(g, 6, r->duties[j - 1]);
	}
}

static void make_activities(struct gen *g, size_t n)
{
	size_t order[ARRAY_SIZE(activity_pool)], i;

	g->nactivities = n;
	g->activities = xcalloc(n, sizeof(*g->activities));
	if (g->big) {
		for (i = 0; i < n; i++)
			ident_set(&g->activities[i], "a-%s-%04zu",
				  activity_pool[i % ARRAY_SIZE(activity_pool)].slug,
				  i + 1);
		return;
	}
	if (n > ARRAY_SIZE(activity_pool))
		die("too many activities for a small plan");
	for (i = 0; i < ARRAY_SIZE(order); i++)
		order[i] = i;
	for (i = ARRAY_SIZE(order) - 1; i > 0; i--) {
		size_t j = rnd(g, i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < n; i++)
		ident_set(&g->activities[i], "a-%s", activity_pool[order[i]].slug);
}

static const struct activity *activity_of(const struct ident *id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(activity_pool); i++) {
		size_t len = strlen(activity_pool[i].slug);

		if (!strncmp(id->s + 2, activity_pool[i].slug, len) &&
		    (!id->s[2 + len] || id->s[2 + len] == '-'))
			return &activity_pool[i];
	}
	die("unknown activity '%s'", id->s);
	return NULL;
}

/* depends_on: only earlier activities, so the graph has no cycle. */
static void emit_depends_on(struct gen *g, size_t i)
{
	const char *ids[3];
	size_t idx[3], lo, n, k;

	if (!i || chance(g, 50))
		return;
	lo = i > 50 ? i - 50 : 0;
	n = pick_distinct(g, i - lo, rnd_between(g, 1, 3), idx);
	for (k = 0; k < n; k++)
		ids[k] = g->activities[lo + idx[k]].s;
	put_id_list(g, 4, "depends_on", ids, n);
}

static void emit_activity(struct gen *g, size_t i)
{
	static const char *const prio[] = { "urgent", "high", "moderate", "low" };
	const struct activity *a = activity_of(&g->activities[i]);
	size_t mtpd = rnd(g, ARRAY_SIZE(ladder)), k;
	const char *who[2];
	char buf[TEXT_MAX];

	put(g, "  - id: %s\n", g->activities[i].s);
	if (g->big)
		snprintf(buf, sizeof(buf), "%s (%zu)", a->name, i + 1);
	else
		snprintf(buf, sizeof(buf), "%s", a->name);
	put_text(g, 4, "name", buf);
	parties(g, 2, who);
	put(g, "    priority: %s\n    owner: %s\n", PICK(g, prio), who[0]);
	if (chance(g, 35))
		put(g, "    deputy: %s\n", who[1]);
	put(g, "    rto: %s\n", ladder[rnd(g, mtpd + 1)]);
	if (chance(g, 40))
		put(g, "    rpo: %s\n", PICK(g, rpo_values));
	put(g, "    mtpd: %s\n", ladder[mtpd]);
	emit_depends_on(g, i);
	if (chance(g, 80))
		return;
	put(g, "    resources:\n");
	for (k = rnd_between(g, 1, 2); k > 0; k--)
		put_item(g, 6, PICK(g, resources));
}

static void emit_activities(struct gen *g)
{
	size_t i;

	put(g, "\nactivities:\n");
	for (i = 0; i < g->nactivities; i++)
		emit_activity(g, i);
}

static void emit_escalation(struct gen *g)
{
	static const char *const within[] = { "PT15M", "PT1H", "PT4H" };
	const char *ids[4];
	size_t level, n;

	put(g, "\nescalation:\n");
	for (level = 1; level <= 3; level++) {
		n = parties(g, rnd_between(g, 1, 4), ids);
		put(g, "  - level: %zu\n    within: %s\n", level, within[level - 1]);
		put_id_list(g, 4, "notify", ids, n);
		if (chance(g, 60))
			put(g, "    repeat: %zu\n", rnd_between(g, 1, 3));
		if (chance(g, 50))
			put(g, "    skip_if_unreachable: %s\n",
			    chance(g, 50) ? "true" : "false");
	}
}

static void emit_audiences(struct gen *g)
{
	size_t idx[3], n, i, k;

	put(g, "  audiences:\n");
	n = pick_distinct(g, ARRAY_SIZE(audience_pool), rnd_between(g, 2, 3), idx);
	for (i = 0; i < n; i++) {
		const struct audience *a = &audience_pool[idx[i]];

		put(g, "    - id: %s\n", a->id);
		put(g, "      channels: %s\n",
		    g->big ? PICK(g, channels_big) : a->channels);
		put(g, "      spokesperson: %s\n", party(g));
		put(g, "      messages:\n");
		for (k = rnd_between(g, 1, 2); k > 0; k--)
			put_item(g, 8, a->messages[k - 1]);
	}
}

static void emit_faq(struct gen *g)
{
	size_t idx[4], n, i;

	put(g, "  faq:\n");
	n = pick_distinct(g, ARRAY_SIZE(faq_pool), rnd_between(g, 2, 3), idx);
	for (i = 0; i < n; i++) {
		put(g, "    - q: ");
		put_scalar(g, faq_pool[idx[i]].q);
		put(g, "\n      a: ");
		put_scalar(g, faq_pool[idx[i]].a);
		put(g, "\n");
	}
}

static void emit_kpis(struct gen *g)
{
	size_t idx[3], n, i;

	put(g, "  kpis:\n");
	n = pick_distinct(g, ARRAY_SIZE(kpi_pool), rnd_between(g, 2, 3), idx);
	for (i = 0; i < n; i++) {
		const struct kpi *k = &kpi_pool[idx[i]];

		put_text(g, 4, "- name", k->name);
		put(g, "      target: \"%s\"\n", k->target);
		if (k->unit)
			put_text(g, 6, "unit", k->unit);
	}
}

static void emit_communication(struct gen *g)
{
	static const char *const strategy[] = { "acknowledge", "lateral", "deny" };
	static const char *const first[] = { "PT2H", "PT6H", "PT24H", "P2D" };

	put(g, "\ncommunication:\n  strategy: %s\n  first_message_within: %s\n",
	    PICK(g, strategy), PICK(g, first));
	emit_audiences(g);
	emit_faq(g);
	emit_kpis(g);
}

static void emit_step_flow(struct gen *g, size_t i, const char *text,
			   const char *within)
{
	put(g, "      - {id: s%zu, do: ", i + 1);
	put_quoted(g, text);
	put(g, ", who: %s", party(g));
	if (within)
		put(g, ", within: %s", within);
	put(g, "}\n");
}

static void emit_step_block(struct gen *g, size_t i, const char *text,
			    const char *within)
{
	put(g, "      - id: s%zu\n", i + 1);
	put_text(g, 8, "do", text);
	put(g, "        who: %s\n", party(g));
	if (within)
		put(g, "        within: %s\n", within);
	if (i >= 2 && chance(g, 30))
		put(g, "        after: [s%zu, s%zu]\n", i - 1, i);
}

static void emit_steps(struct gen *g, const struct procedure *p)
{
	static const char *const within[] = { "PT15M", "PT30M", "PT1H", "PT2H", "PT4H" };
	size_t n = rnd_between(g, 3, 4), i;
	int flow = chance(g, 50);

	put(g, "    steps:\n");
	for (i = 0; i < n; i++) {
		const char *w = chance(g, 60) ? PICK(g, within) : NULL;

		if (flow)
			emit_step_flow(g, i, p->steps[i], w);
		else
			emit_step_block(g, i, p->steps[i], w);
	}
}

static void emit_procedure(struct gen *g, size_t i, const struct procedure *p,
			   size_t nact)
{
	const char *ids[PICK_MAX];
	size_t idx[PICK_MAX], n, k;
	char buf[TEXT_MAX];

	put(g, "  - id: %s\n", g->procs[i].s);
	if (g->big)
		snprintf(buf, sizeof(buf), "%s (%zu)", p->title, i + 1);
	else
		snprintf(buf, sizeof(buf), "%s", p->title);
	put_text(g, 4, "title", buf);
	put(g, "    owner: %s\n", party(g));
	if (g->big) {
		/* each procedure restores a block of nact activities */
		for (k = 0; k < nact && i * nact + k < g->nactivities; k++)
			ids[k] = g->activities[i * nact + k].s;
		n = k;
	} else {
		n = pick_distinct(g, g->nactivities, nact, idx);
		for (k = 0; k < n; k++)
			ids[k] = g->activities[idx[k]].s;
	}
	if (n)
		put_id_list(g, 4, "activities", ids, n);
	emit_steps(g, p);
}

static void emit_procedures(struct gen *g, const size_t *pool_idx)
{
	size_t i;

	put(g, "\nprocedures:\n");
	for (i = 0; i < g->nprocs; i++)
		emit_procedure(g, i, &procedure_pool[pool_idx[i]],
			       g->big ? 10 : rnd_between(g, 1, 3));
}

static void emit_scenarios(struct gen *g, size_t n)
{
	size_t idx[ARRAY_SIZE(scenario_pool)], pidx[3], i, np, k;
	const char *ids[3];

	put(g, "\nscenarios:\n");
	n = pick_distinct(g, ARRAY_SIZE(scenario_pool), n, idx);
	for (i = 0; i < n; i++) {
		const struct scenario *s = &scenario_pool[idx[i]];

		put(g, "  - id: %s\n", s->slug);
		put_text(g, 4, "title", s->title);
		if (chance(g, 70))
			put_text(g, 4, "description", s->description);
		put(g, "    likelihood: %zu\n    impact: %zu\n",
		    rnd_between(g, 1, 5), rnd_between(g, 1, 5));
		np = pick_distinct(g, g->nprocs, rnd_between(g, 1, 3), pidx);
		for (k = 0; k < np; k++)
			ids[k] = g->procs[pidx[k]].s;
		put_id_list(g, 4, "procedures", ids, np);
	}
}

static void emit_text_list(struct gen *g, int indent, const char *key,
			   const char *const *pool, size_t size, size_t k)
{
	size_t idx[PICK_MAX], n, i;

	put(g, "%*s%s:\n", indent, "", key);
	n = pick_distinct(g, size, k, idx);
	for (i = 0; i < n; i++)
		put_item(g, indent + 2, pool[idx[i]]);
}

static void emit_header(struct gen *g, size_t number, const char *kind,
			const char *id)
{
	const struct name *site = &PICK(g, sites);
	char buf[16];

	put(g, "# Plan généré pour les bancs d'essai de crisis (fictif).\n");
	put(g, "format: crisis/v1\nkind: %s\nid: %s-%s-%04zu\n", kind, id,
	    site->slug, number);
	if (!strcmp(kind, "pca"))
		put(g, "title: Plan de continuité d'activité — %s\n", site->text);
	else
		put(g, "title: IT disaster recovery plan — %s data centre\n", site->text);
	put(g, "owner: %s\nstatus: approved\n", contact(g));
	put(g, "review:\n  every: P12M\n  last: 2026-06-01\n  approved_by: %s\n",
	    contact(g));
	put(g, "exercise:\n  every: %s\n  last: %s\n",
	    chance(g, 50) ? "P6M" : "P12M", date(g, buf, sizeof(buf)));
	put(g, "scope: >-\n  Site de %s : activités critiques, système d'information\n"
	    "  et relation clients. Out of scope: subsidiaries abroad.\n", site->text);
	emit_text_list(g, 0, "assumptions", assumptions, ARRAY_SIZE(assumptions),
		       rnd_between(g, 2, 3));
}

static void emit_activation(struct gen *g)
{
	const char *ids[2];

	put(g, "\nactivation:\n");
	emit_text_list(g, 2, "criteria", criteria, ARRAY_SIZE(criteria),
		       rnd_between(g, 2, 3));
	ids[0] = g->roles[0].s;
	ids[1] = contact(g);
	put_id_list(g, 2, "authority", ids, 2);
}

static void emit_exit(struct gen *g)
{
	put(g, "\nexit:\n");
	emit_text_list(g, 2, "criteria", exit_criteria, ARRAY_SIZE(exit_criteria), 2);
	emit_text_list(g, 2, "steps", exit_steps, ARRAY_SIZE(exit_steps), 2);
}

/* ------------------------------------------------------------------ */
/* Plans                                                               */
/* ------------------------------------------------------------------ */

static void open_out(struct gen *g, const char *path)
{
	g->path = path;
	g->out = fopen(path, "w");
	if (!g->out)
		die("cannot open '%s': %s", path, strerror(errno));
}

static void close_out(struct gen *g)
{
	int err = ferror(g->out);

	if (fclose(g->out) || err)
		die("cannot write '%s': %s", g->path, strerror(errno ? errno : EIO));
	g->out = NULL;
}

static void free_plan(struct gen *g)
{
	free(g->contacts);
	free(g->roles);
	free(g->activities);
	free(g->procs);
	g->contacts = g->roles = g->activities = g->procs = NULL;
	g->ncontacts = g->nroles = g->nactivities = g->nprocs = 0;
}

/* Procedure ids for n procedures, drawn from the pool; pool_idx gets the pool entries. */
static void make_procs(struct gen *g, size_t n, size_t *pool_idx)
{
	size_t i;

	g->nprocs = n;
	g->procs = xcalloc(n, sizeof(*g->procs));
	if (g->big) {
		for (i = 0; i < n; i++) {
			pool_idx[i] = i % ARRAY_SIZE(procedure_pool);
			ident_set(&g->procs[i], "p-%s-%04zu",
				  procedure_pool[pool_idx[i]].slug, i + 1);
		}
		return;
	}
	n = pick_distinct(g, ARRAY_SIZE(procedure_pool), n, pool_idx);
	for (i = 0; i < n; i++)
		ident_set(&g->procs[i], "p-%s", procedure_pool[pool_idx[i]].slug);
}

static void emit_body(struct gen *g, size_t *pool_idx, size_t nscenarios)
{
	emit_activation(g);
	emit_contacts(g);
	emit_cell(g);
	emit_scenarios(g, nscenarios);
	emit_activities(g);
	emit_escalation(g);
	emit_communication(g);
	emit_procedures(g, pool_idx);
	emit_exit(g);
}

/* Plan number `number` (the same for the same number) to g->out. */
static void emit_plan(struct gen *g, size_t number)
{
	size_t pool_idx[ARRAY_SIZE(procedure_pool)];
	const char *kind;

	g->rng = SEED ^ (number * 0x100000001b3ULL);
	kind = chance(g, 60) ? "pca" : "pra";
	g->name_offset = rnd(g, ARRAY_SIZE(last_names));
	make_contacts(g, rnd_between(g, 22, 28));
	make_roles(g, rnd_between(g, 5, 7));
	make_activities(g, rnd_between(g, 9, 11));
	make_procs(g, 3, pool_idx);

	emit_header(g, number, kind, kind);
	emit_body(g, pool_idx, 2);
	free_plan(g);
}

static void write_plan(struct gen *g, size_t number, const char *path)
{
	open_out(g, path);
	emit_plan(g, number);
	close_out(g);
}

static void make_dir(const char *dir)
{
	if (mkdir(dir, 0777) && errno != EEXIST)
		die("cannot create '%s': %s", dir, strerror(errno));
}

static int cmd_plans(int argc, char **argv)
{
	struct gen g = { 0 };
	size_t n, i;
	char *path;
	size_t size;

	if (argc != 2)
		usage();
	n = parse_count(argv[0], 9999);
	make_dir(argv[1]);
	size = strlen(argv[1]) + sizeof("/plan-0000.yaml");
	path = xcalloc(size, 1);
	for (i = 1; i <= n; i++) {
		snprintf(path, size, "%s/plan-%04zu.yaml", argv[1], i);
		write_plan(&g, i, path);
	}
	free(path);
	return 0;
}

static int cmd_big(int argc, char **argv)
{
	struct gen g = { 0 };
	size_t ncontacts, nactivities, nprocs, *pool_idx;

	if (argc != 3)
		usage();
	ncontacts = parse_count(argv[0], 999999);
	nactivities = parse_count(argv[1], 9999);
	if (ncontacts < 2)
		die("big needs at least 2 contacts");
	g.big = 1;
	g.rng = SEED;
	nprocs = (nactivities + 9) / 10;
	pool_idx = xcalloc(nprocs, sizeof(*pool_idx));
	make_contacts(&g, ncontacts);
	make_roles(&g, 20);
	make_activities(&g, nactivities);
	make_procs(&g, nprocs, pool_idx);

	open_out(&g, argv[2]);
	emit_header(&g, 1, "pca", "pca-big");
	emit_body(&g, pool_idx, ARRAY_SIZE(scenario_pool));
	close_out(&g);
	free_plan(&g);
	free(pool_idx);
	return 0;
}

/*
 * A plan whose assumptions hold anchors &a .. &i: &a is a list of ten
 * texts, each next one a list of ten aliases of the previous one, so that
 * &i expands to 10^9 texts.
 */
static int cmd_laughs(int argc, char **argv)
{
	struct gen g = { 0 };
	char c;
	int k;

	if (argc != 1)
		usage();
	open_out(&g, argv[0]);
	put(&g, "format: crisis/v1\nkind: pca\nid: laughs\ntitle: Billion laughs\n"
	    "owner: c-lol\nstatus: approved\nreview: {every: P12M}\n"
	    "contacts: [{id: c-lol, name: Lol}]\nassumptions:\n"
	    "  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (c = 'b'; c <= 'i'; c++) {
		put(&g, "  - &%c [", c);
		for (k = 0; k < 10; k++)
			put(&g, "%s*%c", k ? ", " : "", c - 1);
		put(&g, "]\n");
	}
	close_out(&g);
	return 0;
}

/* ------------------------------------------------------------------ */
/* History: a git fast-import stream                                   */
/* ------------------------------------------------------------------ */

#define HISTORY_PLANS 4
#define HISTORY_RENAMED 1		/* the plan renamed halfway: not the first */
#define HISTORY_EPOCH 1672531200LL	/* 2023-01-01 00:00:00 UTC */

struct author {
	const char *name;
	const char *email;
};

static const struct author authors[] = {
	{ "Hélène Durand", "helene.durand@example.fr" },
	{ "Benoît Lefèvre", "benoit.lefevre@example.fr" },
	{ "Priya Nguyen", "priya.nguyen@example.com" },
	{ "Zoé Côté", "zoe.cote@example.org" },
	{ "John Smith", "john.smith@example.com" },
};

static const char *const journal[] = {
	"Revue trimestrielle des plans avec la direction.",
	"Exercise scheduled with the crisis cell.",
	"Annuaire de crise vérifié auprès des RH.",
	"Supplier contracts checked for continuity clauses.",
	"Mise à jour des fiches réflexes après l'exercice.",
};

/* A text file as lines, without their newlines. */
struct lines {
	char **v;
	size_t n, cap;
};

struct hplan {
	char *path;
	char *id;
	char *title;		/* the plan's first title */
	unsigned revision;	/* how many times it was retitled */
	struct lines text;
};

struct history {
	struct gen rng;		/* only its PRNG */
	struct hplan plans[HISTORY_PLANS];
	struct lines readme;
	long long when;
	size_t debriefs;
	char *join;
	size_t join_cap;
};

static char *xstrndup(const char *s, size_t n)
{
	char *p = xcalloc(n + 1, 1);

	memcpy(p, s, n);
	return p;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static void lines_push(struct lines *l, char *line)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			die("out of memory");
	}
	l->v[l->n++] = line;
}

static void lines_set(struct lines *l, size_t i, char *line)
{
	free(l->v[i]);
	l->v[i] = line;
}

static void lines_free(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

__attribute__((format(printf, 1, 2)))
static char *xprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("cannot format '%s'", fmt);
	p = xcalloc((size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* "data" and the bytes: the form of every file and message in the stream. */
static void put_data(const char *p, size_t len)
{
	printf("data %zu\n", len);
	fwrite(p, 1, len, stdout);
	putchar('\n');
}

static void put_file(struct history *h, const char *path, const struct lines *l)
{
	size_t len = 0, i;

	for (i = 0; i < l->n; i++)
		len += strlen(l->v[i]) + 1;
	if (len + 1 > h->join_cap) {
		free(h->join);
		h->join_cap = 2 * len + 1;
		h->join = xcalloc(h->join_cap, 1);
	}
	len = 0;
	for (i = 0; i < l->n; i++) {
		size_t n = strlen(l->v[i]);

		memcpy(h->join + len, l->v[i], n);
		len += n;
		h->join[len++] = '\n';
	}
	printf("M 100644 inline %s\n", path);
	put_data(h->join, len);
}

static void put_text_file(const char *path, const char *text)
{
	printf("M 100644 inline %s\n", path);
	put_data(text, strlen(text));
}

/* A commit on main, a few minutes to a few hours after the previous one. */
static void begin_commit(struct history *h, const char *message)
{
	const struct author *a = &PICK(&h->rng, authors);

	h->when += (long long)rnd_between(&h->rng, 10 * 60, 6 * 3600);
	printf("commit refs/heads/main\n");
	printf("author %s <%s> %lld +0100\n", a->name, a->email, h->when);
	printf("committer %s <%s> %lld +0100\n", a->name, a->email, h->when);
	put_data(message, strlen(message));
}

static void date_of(long long when, char *buf, size_t size)
{
	time_t t = (time_t)when;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

static int ladder_index(const char *value)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ladder); i++)
		if (!strcmp(ladder[i], value))
			return (int)i;
	return -1;
}

/* The id of the list item that line i belongs to ("  - id: X" above it). */
static const char *item_id(const struct lines *l, size_t i, char *buf, size_t size)
{
	const char *id = NULL;

	for (;; i--) {
		if (starts(l->v[i], "  - id: ")) {
			id = l->v[i] + 8;
			break;
		}
		if (!i)
			break;
	}
	snprintf(buf, size, "%s", id ? id : "?");
	return buf;
}

/* The bounds of an activity's RTO at line i: its MTPD, the longest (-1: none). */
static int rto_max(const struct lines *l, size_t i)
{
	size_t j;

	for (j = i + 1; j < l->n && starts(l->v[j], "    "); j++)
		if (starts(l->v[j], "    mtpd: "))
			return ladder_index(l->v[j] + 10);
	return -1;
}

/* One activity's RTO (picked at random), to another duration no longer than its MTPD. */
static int edit_rto(struct history *h, struct hplan *p, char *msg, size_t size)
{
	struct lines *l = &p->text;
	size_t *cand = xcalloc(l->n, sizeof(*cand)), ncand = 0, i;
	int cur, max, v;
	char id[ID_MAX];

	for (i = 0; i < l->n; i++) {
		if (!starts(l->v[i], "    rto: "))
			continue;
		cur = ladder_index(l->v[i] + 9);
		max = rto_max(l, i);
		if (cur >= 0 && max >= 1 && cur <= max)
			cand[ncand++] = i;
	}
	if (!ncand) {
		free(cand);
		return -1;
	}
	i = cand[rnd(&h->rng, ncand)];
	free(cand);
	cur = ladder_index(l->v[i] + 9);
	max = rto_max(l, i);
	v = (int)rnd(&h->rng, (size_t)max);	/* [0, max] but cur */
	if (v >= cur)
		v++;
	lines_set(l, i, xprintf("    rto: %s", ladder[v]));
	snprintf(msg, size, "%s: RTO of %s to %s", p->id, item_id(l, i, id, sizeof(id)),
		 ladder[v]);
	return 0;
}

/* The last two digits of the first phone number of a contact picked at random. */
static int edit_phone(struct history *h, struct hplan *p, char *msg, size_t size)
{
	static const char key[] = "phones: [\"";
	struct lines *l = &p->text;
	size_t *cand = xcalloc(l->n, sizeof(*cand)), ncand = 0, i, at;
	char id[ID_MAX], *line, *q, *e;
	unsigned cur, v;

	for (i = 0; i < l->n; i++) {
		q = strstr(l->v[i], key);
		if (!q)
			continue;
		q += sizeof(key) - 1;
		e = strchr(q, '"');
		if (e && e - q >= 2 && e[-1] >= '0' && e[-1] <= '9' &&
		    e[-2] >= '0' && e[-2] <= '9')
			cand[ncand++] = i;
	}
	if (!ncand) {
		free(cand);
		return -1;
	}
	i = cand[rnd(&h->rng, ncand)];
	free(cand);
	line = xstrdup(l->v[i]);
	at = (size_t)(strchr(strstr(line, key) + sizeof(key) - 1, '"') - line) - 2;
	cur = (unsigned)(line[at] - '0') * 10 + (unsigned)(line[at + 1] - '0');
	v = (unsigned)rnd(&h->rng, 99);		/* [0, 99] but cur */
	if (v >= cur)
		v++;
	line[at] = (char)('0' + v / 10);
	line[at + 1] = (char)('0' + v % 10);
	lines_set(l, i, line);
	if (starts(line, "  - {id: "))
		snprintf(id, sizeof(id), "%.*s", (int)strcspn(line + 9, ","), line + 9);
	else
		item_id(l, i, id, sizeof(id));
	snprintf(msg, size, "%s: phone of %s", p->id, id);
	return 0;
}

static void edit_title(struct hplan *p, char *msg, size_t size)
{
	size_t i;

	for (i = 0; i < p->text.n && !starts(p->text.v[i], "title: "); i++)
		;
	if (i == p->text.n)
		die("no title in plan %s", p->id);
	p->revision++;
	lines_set(&p->text, i, xprintf("title: %s (révision %u)", p->title, p->revision));
	snprintf(msg, size, "%s: title, révision %u", p->id, p->revision);
}

static void load_plan(struct hplan *p, size_t number)
{
	struct gen g = { 0 };
	char *text = NULL, *s, *nl;
	size_t size = 0, i;

	g.path = "(memory)";
	g.out = open_memstream(&text, &size);
	if (!g.out)
		die("cannot open a memory stream: %s", strerror(errno));
	emit_plan(&g, number);
	close_out(&g);
	for (s = text; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (!nl)
			die("plan %zu does not end with a newline", number);
		lines_push(&p->text, xstrndup(s, (size_t)(nl - s)));
	}
	free(text);
	for (i = 0; i < p->text.n; i++) {
		if (starts(p->text.v[i], "id: ") && !p->id)
			p->id = xstrdup(p->text.v[i] + 4);
		if (starts(p->text.v[i], "title: ") && !p->title)
			p->title = xstrdup(p->text.v[i] + 7);
	}
	if (!p->id || !p->title)
		die("plan %zu has no id or no title", number);
	p->path = xprintf("plans/%s.yaml", p->id);
}

/* The first commit: a workspace as 'crisis init' makes it, and the plans. */
static void root_commit(struct history *h)
{
	size_t i;

	lines_push(&h->readme, xstrdup("# Plans de crise"));
	lines_push(&h->readme, xstrdup(""));
	lines_push(&h->readme, xstrdup("Generated for the crisis benchmarks (fictional)."));
	lines_push(&h->readme, xstrdup(""));
	lines_push(&h->readme, xstrdup("## Journal"));
	lines_push(&h->readme, xstrdup(""));
	begin_commit(h, "Initial plans\n");
	put_text_file(".gitignore", "# crisis: the local journal and index, rebuilt by "
		      "'crisis reindex'\n.crisis/\n");
	put_text_file(".crisis.yaml", "# crisis settings for this workspace "
		      "(see crisis-plan(1)).\n");
	put_text_file("plans/.gitkeep", "");
	put_text_file("drills/runs/.gitkeep", "");
	put_text_file("debriefs/.gitkeep", "");
	put_file(h, "README.md", &h->readme);
	for (i = 0; i < HISTORY_PLANS; i++)
		put_file(h, h->plans[i].path, &h->plans[i].text);
}

/* git mv: the same content deleted under one name, added under another. */
static void rename_commit(struct history *h)
{
	struct hplan *p = &h->plans[HISTORY_RENAMED];
	const char *dash = strrchr(p->id, '-');
	char *old = p->path, *msg;

	p->path = xprintf("plans/%.*s.yaml", (int)(dash ? dash - p->id : 0), p->id);
	msg = xprintf("Rename %s to %s\n", old, p->path);
	begin_commit(h, msg);
	printf("D %s\n", old);
	put_file(h, p->path, &p->text);
	free(msg);
	free(old);
}

static void readme_commit(struct history *h)
{
	char day[16];

	date_of(h->when, day, sizeof(day));
	lines_push(&h->readme, xprintf("- %s: %s", day, PICK(&h->rng, journal)));
	begin_commit(h, "README: journal\n");
	put_file(h, "README.md", &h->readme);
}

static void debrief_commit(struct history *h)
{
	char day[16], *path, *text, *msg;

	date_of(h->when, day, sizeof(day));
	h->debriefs++;
	path = xprintf("debriefs/debrief-%05zu.md", h->debriefs);
	text = xprintf("# Retour d'expérience n° %zu\n\nDate : %s\n\n"
		       "- Points forts : alerte rapide, cellule réunie en 40 minutes.\n"
		       "- À améliorer : annuaire de crise incomplet.\n", h->debriefs, day);
	msg = xprintf("Add debrief %zu\n", h->debriefs);
	begin_commit(h, msg);
	put_text_file(path, text);
	free(path);
	free(text);
	free(msg);
}

/* One line of one plan: an activity's RTO, a phone number or the title. */
static void plan_commit(struct history *h)
{
	struct hplan *p = &h->plans[rnd(&h->rng, HISTORY_PLANS)];
	size_t what = rnd(&h->rng, 100);
	char msg[TEXT_MAX];
	int done = -1;

	if (what < 40)
		done = edit_rto(h, p, msg, sizeof(msg) - 1);
	else if (what < 80)
		done = edit_phone(h, p, msg, sizeof(msg) - 1);
	if (done < 0)
		edit_title(p, msg, sizeof(msg) - 1);
	strcat(msg, "\n");
	begin_commit(h, msg);
	put_file(h, p->path, &p->text);
}

/*
 * gen history N: a git fast-import stream of N commits on refs/heads/main.
 * The first adds a workspace with HISTORY_PLANS plans, plans/<id>.yaml
 * (the plans of 'gen plans', numbers 1 to HISTORY_PLANS); then 90% of the
 * commits change one line of one plan (an activity's RTO, 40%; a phone
 * number, 40%; the title, 20%), 10% touch other files (README.md, a new
 * debrief), and commit N/2 + 1 renames the second plan as git mv does.
 */
static int cmd_history(int argc, char **argv)
{
	struct history h;
	size_t n, c, i;

	if (argc != 1)
		usage();
	n = parse_count(argv[0], 1000000);
	memset(&h, 0, sizeof(h));
	h.rng.rng = SEED ^ 0x686973746f7279ULL;	/* "history" */
	h.when = HISTORY_EPOCH;
	for (i = 0; i < HISTORY_PLANS; i++)
		load_plan(&h.plans[i], i + 1);

	printf("feature done\n");
	root_commit(&h);
	for (c = 2; c <= n; c++) {
		size_t what = rnd(&h.rng, 100);

		if (c == n / 2 + 1)
			rename_commit(&h);
		else if (what < 90)
			plan_commit(&h);
		else if (what < 95)
			readme_commit(&h);
		else
			debrief_commit(&h);
	}
	printf("done\n");
	if (fflush(stdout) || ferror(stdout))
		die("cannot write the stream: %s", strerror(errno ? errno : EIO));

	for (i = 0; i < HISTORY_PLANS; i++) {
		lines_free(&h.plans[i].text);
		free(h.plans[i].path);
		free(h.plans[i].id);
		free(h.plans[i].title);
	}
	lines_free(&h.readme);
	free(h.join);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Debriefs: lessons and actions to search                             */
/* ------------------------------------------------------------------ */

static const char *const debrief_words[] = {
	"alerte", "astreinte", "cellule", "crise", "pompiers", "évacuation", "serveurs",
	"sauvegarde", "restauration", "messagerie", "téléphone", "annuaire", "prestataire",
	"fournisseur", "client", "livraison", "entrepôt", "stock", "production", "usine",
	"réseau", "électricité", "groupe", "électrogène", "carburant", "gardiennage", "accès",
	"badge", "rançongiciel", "chiffrement", "sauvegardes", "hors", "ligne", "classeur",
	"main", "courante", "décision", "directeur", "suppléant", "titulaire", "congé",
	"nuit", "week-end", "préfecture", "mairie", "presse", "journaliste", "riverains",
	"salariés", "équipe", "formation", "exercice", "procédure", "réflexe", "inondation",
	"crue", "grève", "pandémie", "télétravail", "ordinateurs", "portables", "délai",
	"retard", "appel", "liste", "mise", "jour", "contrôle", "vérification", "registre",
	"comptage", "présents", "manquant", "secours", "coupure", "gaz", "air", "comprimé",
	"données", "fichiers", "paie", "comptabilité", "banque", "paiement", "trésorerie",
	"assurance", "expert", "sinistre", "déclaration", "plainte", "police", "gendarmerie",
	"Vigilis", "Transalp", "Orléans", "Olivet", "Meung", "Saint-Rémy",
};

static const char *const debrief_tags[] = {
	"alerte", "astreinte", "cellule", "communication", "fournisseurs", "informatique",
	"logistique", "securite", "clients", "personnel",
};

static const char *const debrief_owners[] = {
	"directeur-crise", "responsable-securite", "communicant", "responsable-logistique",
	"relation-clients", "expert-social", "c-morel", "c-leroy", "c-guerin",
};

static const char *const debrief_elements[] = {
	"planning", "organisation", "equipment", "training", "exercise",
};

static void debrief_sentence(struct gen *g, FILE *f)
{
	size_t n = rnd_between(g, 8, 16);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? " " : "", debrief_words[rnd(g, ARRAY_SIZE(debrief_words))]);
	fputc('.', f);
}

static void write_debrief(struct gen *g, size_t i, size_t lessons, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		die("cannot write %s: %s", path, strerror(errno));
	fprintf(f, "format: crisis/v1\nkind: debrief\nid: d%05zu\n", i);
	fprintf(f, "title: Retour d'expérience %zu\n", i);
	fprintf(f, "about:\n  crisis: Crise %zu\n  plan: site-incendie-inondation-greve\n", i);
	fprintf(f, "date: %04zu-%02zu-%02zu\n", 2020 + i % 7, 1 + i % 12, 1 + i % 28);
	fputs("went_wrong:\n  - ", f);
	debrief_sentence(g, f);
	fputs("\nlessons:\n", f);
	for (size_t k = 1; k <= lessons; k++) {
		fprintf(f, "  - id: l%zu\n    text: ", k);
		debrief_sentence(g, f);
		fprintf(f, "\n    tags: [%s]\n", debrief_tags[rnd(g, ARRAY_SIZE(debrief_tags))]);
	}
	fputs("actions:\n", f);
	for (size_t k = 1; k <= (lessons + 1) / 2; k++) {
		fprintf(f, "  - id: a%zu\n    do: ", k);
		debrief_sentence(g, f);
		fprintf(f, "\n    owner: %s\n    due: %04zu-06-30\n    element: %s\n    lesson: l%zu\n"
			"    status: open\n", debrief_owners[rnd(g, ARRAY_SIZE(debrief_owners))],
			2021 + i % 7, debrief_elements[rnd(g, ARRAY_SIZE(debrief_elements))], k);
	}
	if (fclose(f) != 0)
		die("cannot write %s: %s", path, strerror(errno));
}

static int cmd_debriefs(int argc, char **argv)
{
	struct gen g = { .rng = SEED };
	size_t n, lessons, size;
	char *path;

	if (argc != 3)
		usage();
	n = parse_count(argv[0], 99999);
	lessons = parse_count(argv[1], 9999);
	make_dir(argv[2]);
	size = strlen(argv[2]) + sizeof("/2026-01-01-d00000.yaml");
	path = xcalloc(size, 1);
	for (size_t i = 1; i <= n; i++) {
		snprintf(path, size, "%s/2026-01-01-d%05zu.yaml", argv[2], i);
		write_debrief(&g, i, lessons, path);
	}
	free(path);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "plans"))
		return cmd_plans(argc - 2, argv + 2);
	if (!strcmp(argv[1], "big"))
		return cmd_big(argc - 2, argv + 2);
	if (!strcmp(argv[1], "laughs"))
		return cmd_laughs(argc - 2, argv + 2);
	if (!strcmp(argv[1], "history"))
		return cmd_history(argc - 2, argv + 2);
	if (!strcmp(argv[1], "debriefs"))
		return cmd_debriefs(argc - 2, argv + 2);
	usage();
	return 2;
}
