// Copy buttons: <button class="copy" data-copy="value">. The only script on the operator page.
document.addEventListener('click', function (event) {
  var button = event.target.closest('button.copy');
  if (!button) { return; }
  var value = button.getAttribute('data-copy');
  var done = function () {
    button.classList.add('done');
    button.textContent = 'Copied';
    setTimeout(function () { button.classList.remove('done'); button.textContent = 'Copy'; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(value).then(done, function () { fallback(value); done(); });
  } else {
    fallback(value); done();
  }
});
function fallback(value) {
  var area = document.createElement('textarea');
  area.value = value; area.setAttribute('readonly', ''); area.style.position = 'absolute'; area.style.left = '-9999px';
  document.body.appendChild(area); area.select();
  try { document.execCommand('copy'); } catch (e) { /* nothing else to try */ }
  document.body.removeChild(area);
}
