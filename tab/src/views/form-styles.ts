/**
 * The look the forms share: a group of fields in a frame, and a row of fields that wraps on a
 * narrow screen. Completing an obligation, naming a party and giving a frequency use it.
 */
import { makeStyles, tokens } from '@fluentui/react-components';

export const useFormStyles = makeStyles({
  fieldset: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    padding: tokens.spacingHorizontalM,
    margin: 0,
  },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});
