/** One filter of an admin list: a labelled select whose value travels in the URL (`name`). */
export function FilterSelect<T extends string | number>({
  name,
  label,
  value,
  choices,
  labelOf = String,
}: {
  name: string;
  label: string;
  value: T;
  choices: readonly T[];
  labelOf?: (choice: T) => string;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={String(value)}>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {labelOf(choice)}
          </option>
        ))}
      </select>
    </div>
  );
}
