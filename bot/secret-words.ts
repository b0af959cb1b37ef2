/**
 * Words that follow "password is" / "parool on" in ordinary questions ("parool on vale", "the password is not
 * working"): they describe the password rather than being it, so they stay readable.
 */
const ENGLISH = `
is was the a an my our your their not no wrong incorrect invalid expired forgotten forgot lost reset changed
change correct right fine too very still also already working work works doesn't doesnt isn't wasn't won't
does did required needed missing empty blank same different new old and or for to of in on at with without
field here there this that it what where how which who when why please help case sensitive hidden shown
visible saved stored sent set accepted rejected long short weak strong secure manager protected policy
requirements rules reset recovery page link email e-mail again now then but being been through by from into
once used use using some any none key keys somewhere ok okay yes unknown known locked blocked
`;

const ESTONIAN = `
on ei ega oli olnud vale õige vana uus kadunud kadus unustatud unustasin aegunud muutunud muudetud muuta
muutmine muutmiseks lähtestada lähtestamine taastada taastamine taastamiseks kus kuidas mis millal miks kes ja
või ning kaudu jaoks kohta mul minu mu meie teie tööta töötab sobi sobib kehtetu kehtib lühike pikk liiga nõrk
tugev vaja vajalik puudu tühi sama teine sisse välja ka ikka veel juba enam mitte pole polnud saadetud saadeti
kuskil kusagil leida ununenud läinud lukus lukustatud blokeeritud peidetud näha nähtav salvestatud meeles
meelest vahetada vahetamine uuendada seadistada lisada sisestada sisestasin panna kirjutada kasutada
kasutamine küsib küsitakse nõutud nõutav kohustuslik see seda sellega siin seal nüüd praegu hetkel aga siis
palun abi ok jah korras
`;

export const NOT_A_PASSWORD: ReadonlySet<string> = new Set(
  `${ENGLISH} ${ESTONIAN}`
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase()),
);
