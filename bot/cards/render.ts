/**
 * What the cards are made of: the Adaptive Cards 1.5 elements and Universal Actions they use, one
 * typed function each. A card is a function of its data built from these, so the compiler holds
 * it to the schema: a misspelt property, a colour the schema has no name for, or a button with a
 * verb the bot does not handle does not compile. The same JSON goes to Teams and Outlook.
 */

/** An Adaptive Card as JSON. */
export type Card = Record<string, unknown>;

/** The verbs a card's `Action.Execute` may send. The bot's tests hold its handlers to this list. */
export const CARD_VERBS = [
  'showHelp',
  'showMyDeadlines',
  'showCase',
  'startIroAlert',
  'previewIroAlert',
  'sendIroAlert',
  'acknowledgeObligation',
  'completeObligation',
  'waiveObligation',
  'reportCannotMeet',
  'refreshObligation',
] as const;
export type CardVerb = (typeof CARD_VERBS)[number];

export type Colour = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge' | 'Padding';

/** How text looks: what a `TextBlock` and a `TextRun` have in common. */
export interface TextStyle {
  color?: Colour;
  weight?: 'Lighter' | 'Default' | 'Bolder';
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  isSubtle?: boolean;
}

export interface TextBlock extends TextStyle {
  type: 'TextBlock';
  text: string;
  wrap: true;
  spacing?: Spacing;
}

/** A run of text; hosts draw it as the characters it holds (see plain-text.ts). */
export interface TextRun extends TextStyle {
  type: 'TextRun';
  text: string;
}

export interface RichTextBlock {
  type: 'RichTextBlock';
  inlines: TextRun[];
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet {
  type: 'FactSet';
  facts: Fact[];
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  separator?: boolean;
  spacing?: Spacing;
  selectAction?: ExecuteAction | OpenUrlAction;
}

/** What every input has: an id for what it sends, and a label for what it asks. */
interface LabelledInput {
  id: string;
  label: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface TextInput extends LabelledInput {
  type: 'Input.Text';
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
  regex?: string;
}

export interface Choice {
  title: string;
  value: string;
}

export interface ChoiceSetInput extends LabelledInput {
  type: 'Input.ChoiceSet';
  choices: Choice[];
  value?: string;
}

export interface DateInput extends LabelledInput {
  type: 'Input.Date';
  /** `YYYY-MM-DD`, or empty. */
  value?: string;
}

export interface TimeInput extends LabelledInput {
  type: 'Input.Time';
  /** `HH:mm`, or empty. */
  value?: string;
}

/** A toggle is labelled by its title. */
export interface ToggleInput {
  type: 'Input.Toggle';
  id: string;
  title: string;
  value: 'true' | 'false';
}

export type CardElement =
  | TextBlock
  | RichTextBlock
  | FactSet
  | Container
  | TextInput
  | ChoiceSetInput
  | DateInput
  | TimeInput
  | ToggleInput;

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: CardVerb;
  data?: Record<string, string>;
  style?: 'default' | 'positive' | 'destructive';
  associatedInputs?: 'auto' | 'none';
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: { type: 'AdaptiveCard'; body: CardElement[]; actions: CardAction[] };
}

export type CardAction = ExecuteAction | OpenUrlAction | ShowCardAction;

/** A card that refreshes itself (`Action.Execute` with this action) for these Teams users. */
export interface Refresh {
  action: ExecuteAction;
  userIds: string[];
}

export function adaptiveCard(card: {
  refresh?: Refresh;
  body: CardElement[];
  actions: CardAction[];
}): Card {
  return { type: 'AdaptiveCard', version: '1.5', ...card };
}

export function textBlock(text: string, style: TextStyle & { spacing?: Spacing } = {}): TextBlock {
  // Every text on these cards wraps: a deadline cut off at the card's edge is misread.
  return { type: 'TextBlock', text, wrap: true, ...style };
}

export function factSet(facts: Fact[]): FactSet {
  return { type: 'FactSet', facts };
}

export function container(
  items: CardElement[],
  options: Pick<Container, 'separator' | 'spacing' | 'selectAction'> = {},
): Container {
  return { type: 'Container', items, ...options };
}

export function textInput(input: Omit<TextInput, 'type'>): TextInput {
  return { type: 'Input.Text', ...input };
}

export function choiceSetInput(input: Omit<ChoiceSetInput, 'type'>): ChoiceSetInput {
  return { type: 'Input.ChoiceSet', ...input };
}

export function dateInput(input: Omit<DateInput, 'type'>): DateInput {
  return { type: 'Input.Date', ...input };
}

export function timeInput(input: Omit<TimeInput, 'type'>): TimeInput {
  return { type: 'Input.Time', ...input };
}

export function toggleInput(input: Omit<ToggleInput, 'type'>): ToggleInput {
  return { type: 'Input.Toggle', ...input };
}

export function executeAction(
  title: string,
  verb: CardVerb,
  options: Pick<ExecuteAction, 'data' | 'style' | 'associatedInputs'> = {},
): ExecuteAction {
  return { type: 'Action.Execute', title, verb, ...options };
}

export function openUrlAction(title: string, url: string): OpenUrlAction {
  return { type: 'Action.OpenUrl', title, url };
}

/** A button that opens a card under the card: part of it, so without a version of its own. */
export function showCardAction(
  title: string,
  card: { body: CardElement[]; actions: CardAction[] },
): ShowCardAction {
  return { type: 'Action.ShowCard', title, card: { type: 'AdaptiveCard', ...card } };
}
