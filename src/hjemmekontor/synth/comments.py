"""Free-text comments in bokmål, combined from a bank of sentences by topic.

The sentences were written for the generator after the themes of the AFI
interviews (peace and quiet at home, missing colleagues, evening work,
equipment, back-to-back meetings, onboarding, commuting, children). None
contains a name or anything else that identifies a person or a unit.
Which topics a person writes about depends on their own situation: parents
write about children, long commuters about commuting, those who work late
about evenings.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from hjemmekontor.synth.population import RoundPopulation

__all__ = ["CLOSINGS", "TOPICS", "draw_comments"]

# fmt: off
TOPICS: dict[str, tuple[str, ...]] = {
    "quiet": (
        "Hjemme får jeg endelig jobbet konsentrert uten avbrytelser.",
        "Jeg gjør mer på en dag hjemme enn på to dager i landskapet.",
        "Det er mye ro på hjemmekontoret, og det merkes på kvaliteten.",
        "Åpent landskap er et stort problem for meg når jeg skal skrive.",
        "Støyen på kontoret gjør at jeg velger å jobbe hjemme når jeg kan.",
        "Hjemmekontor er perfekt for oppgaver som krever fordypning.",
        "Jeg setter pris på å kunne lukke døra og jobbe i fred.",
        "Stillerom på kontoret ville gjort det lettere å være der oftere.",
        "Rapporter og analyser gjør jeg helst hjemme, der det er stille.",
        "På kontoret blir jeg stadig avbrutt, hjemme får jeg flyt.",
        "Ro og fred hjemme er det beste med ordningen.",
        "Jeg er mer effektiv hjemme, men det er ikke alltid synlig for andre.",
    ),
    "colleagues": (
        "Jeg savner de uformelle praten ved kaffemaskinen.",
        "Det er blitt stille på kontoret, og det er lite hyggelig å komme inn når ingen andre er der.",
        "Vi burde ha faste kontordager slik at vi faktisk treffes.",
        "Fellesskapet har blitt svakere etter at alle begynte å jobbe hjemme.",
        "Jeg kjenner nesten ikke kollegene mine lenger.",
        "Det sosiale miljøet lider når vi sjelden er samlet.",
        "Jeg lærer mindre av erfarne kolleger når vi ikke sitter sammen.",
        "Det er lettere å spørre om hjelp når man sitter ved siden av hverandre.",
        "Lunsjen sammen med kollegene er noe av det jeg savner mest.",
        "Noen dager føler jeg meg ganske alene i jobben.",
        "Vi må finne bedre måter å holde kontakten på.",
        "Sosiale samlinger av og til ville gjort mye for miljøet.",
    ),
    "evening": (
        "Det er lett å sette seg ved PC-en igjen etter at barna har lagt seg.",
        "Grensen mellom jobb og fritid har blitt utydelig.",
        "Jeg svarer på e-post om kvelden fordi maskinen står der uansett.",
        "Jeg jobber ofte lenger enn jeg burde når jeg er hjemme.",
        "Det forventes at vi er tilgjengelige også etter arbeidstid.",
        "Jeg skulle ønske vi hadde tydeligere regler for når vi kan kontaktes.",
        "Fleksibiliteten er bra, men arbeidsdagen blir fort lang.",
        "Kvelds- og helgearbeid har blitt vanligere etter hjemmekontoret.",
        "Jeg har vanskelig for å koble av når jobben ligger i stua.",
        "Arbeidsmengden er for stor til at den får plass i vanlig arbeidstid.",
        "Det hadde hjulpet med en felles forventning om at kvelden er fri.",
        "Jeg merker at jeg sover dårligere når jeg jobber sent.",
    ),
    "equipment": (
        "Jeg mangler en skikkelig kontorstol hjemme.",
        "Ryggen og nakken kjenner det etter lange dager ved kjøkkenbordet.",
        "Det burde vært enklere å få låne skjerm og tastatur med hjem.",
        "Nettforbindelsen hjemme er ikke god nok til videomøter.",
        "Arbeidsgiver har vært flink til å sørge for utstyr.",
        "Jeg har kjøpt hev- og senkpult selv, det burde arbeidsgiver dekket.",
        "Hjemmearbeidsplassen min er ikke vurdert av noen.",
        "Jeg jobber fra sofaen mer enn jeg burde.",
        "En ekstra skjerm ville gjort arbeidsdagen mye bedre.",
        "Lyset og plassen hjemme er ikke laget for en hel arbeidsdag.",
        "Det er uklart hva arbeidsgiver dekker av utstyr til hjemmekontoret.",
        "Headsettet jeg har fått fungerer dårlig.",
    ),
    "meetings": (
        "Kalenderen er full av møter uten pauser imellom.",
        "Det er altfor mange digitale møter, og mange av dem er unødvendige.",
        "Digitale møter sparer mye reisetid.",
        "Det er vanskelig å skape engasjement i Teams-møter.",
        "Jeg går rett fra det ene møtet til det neste og rekker ikke å spise.",
        "Møtene burde vært kortere og hatt en klar agenda.",
        "Mange har kamera av, og da blir det lite diskusjon.",
        "Hybridmøter der noen er i rommet og noen på skjerm fungerer dårlig.",
        "Digitale møter fungerer fint for korte avklaringer.",
        "Jeg savner tid til å gjøre selve jobben mellom møtene.",
        "Vi kunne hatt møtefrie formiddager.",
        "Det er slitsomt å se på skjerm i møter hele dagen.",
    ),
    "onboarding": (
        "Nye medarbeidere får en tøff start når ingen er på kontoret.",
        "Opplæringen av nyansatte fungerer dårlig digitalt.",
        "Jeg begynte under hjemmekontorperioden og følte meg lenge utenfor.",
        "Vi bør ha en fast fadder for alle nye.",
        "Det tar lang tid å bli kjent med kulturen når man mest jobber hjemme.",
        "Nyansatte trenger å sitte sammen med erfarne kolleger de første ukene.",
        "Det er vanskelig å vite hvem man skal spørre når man er ny.",
        "Introduksjonsprogrammet burde vært lagt til kontoret.",
        "Lærlingene våre trenger mer oppfølging enn de får nå.",
        "God mottakelse av nye kolleger krever at vi er fysisk til stede.",
    ),
    "commuting": (
        "Jeg sparer nesten to timer reisevei hver dag jeg jobber hjemme.",
        "Pendlingen tar mye tid og energi.",
        "Køene om morgenen gjør at jeg helst starter dagen hjemme.",
        "Det er dyrt å parkere ved kontoret.",
        "Kollektivtilbudet er dårlig, så hjemmekontor er en stor lettelse.",
        "Tiden jeg sparer på reise bruker jeg på trening og familie.",
        "Lang reisevei gjør at jeg ikke orker å være på kontoret hver dag.",
        "Jeg bor langt unna og setter stor pris på fleksibiliteten.",
        "Hjemmekontor gjør det mulig å bo der jeg vil.",
        "Det hadde vært fint med flere kontorplasser nærmere der folk bor.",
    ),
    "children": (
        "Med små barn er det gull å slippe å stresse i rushtrafikken.",
        "Henting i barnehagen er mye enklere de dagene jeg jobber hjemme.",
        "Når barna er syke, er det vanskelig å skille jobb og omsorg.",
        "Jeg får mer tid med familien, og det er verdt mye.",
        "Det kan være krevende å jobbe hjemme når barna kommer hjem fra skolen.",
        "Hjemmekontor gjør hverdagen som småbarnsforelder mer håndterlig.",
        "Jeg jobber ofte igjen om kvelden for å ta igjen tiden fra ettermiddagen.",
        "Fleksibiliteten gjør at jeg kan følge opp barna bedre.",
        "Det er ikke alltid lett å forklare en treåring at mamma eller pappa er på jobb.",
        "Skolefri og planleggingsdager er lettere å håndtere nå.",
    ),
    "work": (
        "Jobben min kan ikke gjøres hjemmefra, og det er greit.",
        "Det oppleves urettferdig at noen kan jobbe hjemme og andre ikke.",
        "Vi som må være på jobb, merker at det er færre å spørre om hjelp.",
        "Lederen min følger godt opp, selv når vi ikke sitter sammen.",
        "Jeg har stor tillit fra lederen min, og det setter jeg pris på.",
        "Det er uklart hva som er reglene for hjemmekontor hos oss.",
        "Vi bør få en skriftlig avtale om hjemmekontor.",
        "Ordningen med to hjemmedager i uka fungerer bra for meg.",
        "Jeg vet ikke hvem som er verneombud for oss som jobber hjemme.",
        "HMS på hjemmekontoret er lite snakket om.",
    ),
}
CLOSINGS = (
    "Ellers trives jeg godt.",
    "Alt i alt fungerer det bra.",
    "Takk for at dere spør.",
    "Håper dette blir fulgt opp.",
    "Ellers er jeg fornøyd med ordningen.",
    "Det viktigste er at vi får velge selv.",
    "Jeg håper vi finner en god balanse.",
    "Fint at vi kartlegger dette.",
)
MANAGER_COMMENTS = (
    "Det er krevende å følge opp arbeidsmiljøet når teamet sjelden er samlet.",
    "Jeg har stor tillit til de ansatte, produktiviteten er god.",
    "Jeg er bekymret for kompetanseoverføringen til nyansatte.",
    "Det er vanskelig å se når noen sliter, når man bare møtes på skjerm.",
    "Vi trenger tydeligere retningslinjer for hjemmekontor fra ledelsen.",
    "Lederrollen har blitt mer krevende de siste årene.",
    "Det langsiktige utviklingsarbeidet får for lite oppmerksomhet.",
    "Kreative prosesser fungerer best når vi sitter sammen.",
    "Jeg vet ikke hvordan jeg skal følge opp arbeidstiden til de som jobber hjemme.",
    "Vi har innført faste kontordager, og det har fungert godt.",
    "Jeg har endret syn på hvilke oppgaver som kan gjøres digitalt.",
    "Det er vanskelig å balansere fleksibilitet og et godt fellesskap.",
)
REPRESENTATIVE_COMMENTS = (
    "Det er uklart hva verneombudets rolle er på hjemmekontoret.",
    "Formelle møter fungerer godt digitalt, men den uformelle kontakten er borte.",
    "Jeg er bekymret for fellesskapet på lang sikt.",
    "Medlemmene tar sjeldnere kontakt nå enn før.",
    "Vi trenger opplæring i HMS på hjemmekontor.",
    "Det er vanskelig å fange opp problemer når folk ikke er på arbeidsplassen.",
    "Kontakten med ledelsen er mer formell enn før.",
    "Oppmøtet på digitale møter er høyere enn på fysiske.",
)
# fmt: on


def _sentences(bank: tuple[str, ...], pick: np.ndarray) -> pl.Series:
    return pl.Series(bank, dtype=pl.String).gather(pick)


def draw_comments(
    rng: np.random.Generator,
    pop: RoundPopulation,
    days: np.ndarray,
    after_hours: np.ndarray,
    writers: np.ndarray,
) -> pl.Series:
    """One comment per person in ``writers`` (positions in the population).

    A comment is one or two sentences on topics that fit the writer, sometimes
    followed by a closing phrase.
    """
    topics = list(TOPICS)
    n = len(writers)
    if n == 0:
        return pl.Series([], dtype=pl.String)
    d = days[writers]
    weights = np.ones((n, len(topics)))
    col = {name: i for i, name in enumerate(topics)}
    weights[:, col["quiet"]] = 0.3 + 0.5 * (d > 0)
    weights[:, col["colleagues"]] = 0.3 + 0.4 * d
    weights[:, col["evening"]] = 0.2 + 1.5 * (
        (after_hours[writers] >= 0) & (after_hours[writers] <= 2)
    )
    weights[:, col["equipment"]] = 0.1 + 0.4 * (d > 0)
    weights[:, col["meetings"]] = 0.2 + 0.3 * (d > 0)
    weights[:, col["onboarding"]] = 0.3
    weights[:, col["commuting"]] = 0.1 + 1.5 * (pop.commute[writers] >= 2) * (d > 0)
    weights[:, col["children"]] = 1.8 * pop.children[writers]
    weights[:, col["work"]] = 0.5 + 1.0 * (d == 0)

    def topic_draw(w: np.ndarray) -> np.ndarray:
        cumulative = np.cumsum(w, axis=1)
        u = rng.random(n) * cumulative[:, -1]
        return (cumulative < u[:, None]).sum(axis=1)

    first_topic = topic_draw(weights)
    second_weights = weights.copy()
    second_weights[np.arange(n), first_topic] = 0.0
    second_topic = topic_draw(second_weights)

    sizes = np.array([len(TOPICS[name]) for name in topics])
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    bank = tuple(sentence for name in topics for sentence in TOPICS[name])
    first = offsets[first_topic] + rng.integers(0, 1 << 30, n) % sizes[first_topic]
    second = offsets[second_topic] + rng.integers(0, 1 << 30, n) % sizes[second_topic]
    closing = rng.integers(0, len(CLOSINGS), n)
    has_second = rng.random(n) < 0.45
    has_closing = rng.random(n) < 0.2
    frame = pl.DataFrame(
        {
            "a": _sentences(bank, first),
            "b": _sentences(bank, second),
            "c": _sentences(CLOSINGS, closing),
            "has_b": has_second,
            "has_c": has_closing,
        }
    )
    return frame.select(
        pl.concat_str(
            pl.col("a"),
            pl.when(pl.col("has_b")).then(pl.lit(" ") + pl.col("b")).otherwise(pl.lit("")),
            pl.when(pl.col("has_c")).then(pl.lit(" ") + pl.col("c")).otherwise(pl.lit("")),
        )
    ).to_series()


def draw_simple_comments(rng: np.random.Generator, bank: tuple[str, ...], n: int) -> pl.Series:
    """Comments of one sentence from ``bank`` (managers and representatives)."""
    return _sentences(bank, rng.integers(0, len(bank), n))
